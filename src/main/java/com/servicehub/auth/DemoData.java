package com.servicehub.auth;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import com.servicehub.system.ConflictException;

/** The demo accounts of CONTRACT §5; on by default on the embedded database only. */
@Component
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    static final String PASSWORD = "password123";

    record DemoAccount(String phone, String name, Role role) {}

    static final List<DemoAccount> ACCOUNTS = List.of(
            new DemoAccount("+966500000001", "Demo Customer", Role.CUSTOMER),
            new DemoAccount("+966500000002", "Demo Technician", Role.TECHNICIAN),
            new DemoAccount("+966500000003", "Demo Admin", Role.ADMIN),
            new DemoAccount("+966500000004", "Second Demo Customer", Role.CUSTOMER));

    private final UserAccounts accounts;
    private final UserRepository users;
    private final boolean enabled;

    DemoData(
            UserAccounts accounts,
            UserRepository users,
            AuthProperties properties,
            @Value("${servicehub.database.embedded:true}") boolean embeddedDatabase) {
        this.accounts = accounts;
        this.users = users;
        this.enabled = properties.seedDemoData() != null ? properties.seedDemoData() : embeddedDatabase;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled) {
            return;
        }
        int created = 0;
        for (DemoAccount account : ACCOUNTS) {
            if (users.existsByPhone(account.phone())) {
                continue;
            }
            try {
                accounts.create(account.phone(), PASSWORD, account.name(), account.role());
                created++;
            } catch (ConflictException ex) {
                // another node seeded it at the same moment
            }
        }
        if (created > 0) {
            log.info("Created {} demo accounts", created);
        }
    }
}
