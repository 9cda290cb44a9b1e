package com.servicehub.auth;

import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.servicehub.system.ConflictException;
import com.servicehub.system.NotFoundException;
import com.servicehub.system.Timestamps;

/** Creating accounts: self-registration (always a customer) and accounts an admin makes. */
@Service
class UserAccounts {

    private final UserRepository users;
    private final PasswordEncoder passwords;

    UserAccounts(UserRepository users, PasswordEncoder passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    @Transactional
    User create(String phone, String password, String name, Role role) {
        if (users.existsByPhone(phone)) {
            throw new ConflictException("A user with this phone already exists");
        }
        User user = new User(UUID.randomUUID(), phone, name.strip(), role, Timestamps.now());
        try {
            users.insert(user, passwords.encode(password));
        }
        catch (DuplicateKeyException ex) {
            throw new ConflictException("A user with this phone already exists");
        }
        return user;
    }

    List<User> list(Role role, long offset, int limit) {
        return users.findByRole(role, offset, limit);
    }

    long count(Role role) {
        return users.countByRole(role);
    }

    User get(UUID id) {
        return users.findById(id).orElseThrow(() -> new NotFoundException("User not found"));
    }
}
