package com.servicehub.auth;

import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import com.servicehub.system.ConflictException;
import com.servicehub.system.NotFoundException;
import com.servicehub.system.Timestamps;

/**
 * Creating accounts: self-registration (always a customer, throttled per client address) and
 * accounts an admin makes. No transaction: the password is hashed between two single statements,
 * with no database connection held, and the unique phone keeps the insert correct on its own.
 */
@Service
class UserAccounts {

    private final UserRepository users;
    private final PasswordHashing passwords;
    private final RegistrationThrottle registrations;

    UserAccounts(UserRepository users, PasswordHashing passwords, RegistrationThrottle registrations) {
        this.users = users;
        this.passwords = passwords;
        this.registrations = registrations;
    }

    User register(String phone, String password, String name, String clientAddress) {
        registrations.admit(clientAddress);
        return create(phone, password, name, Role.CUSTOMER);
    }

    User create(String phone, String password, String name, Role role) {
        if (users.existsByPhone(phone)) {
            throw new ConflictException("A user with this phone already exists");
        }
        String hash = passwords.encode(password);
        User user = new User(UUID.randomUUID(), phone, name.strip(), role, Timestamps.now());
        try {
            users.insert(user, hash);
        } catch (DuplicateKeyException ex) {
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
