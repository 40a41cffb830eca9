package se.nyckelfri.platform.identity;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The embedded identity provider's passwords, as hashes (the {@code login_credential} table, this module's own): who
 * may sign in on its form. Whether the signed-in user may do anything is their account's business (access-service).
 * Thread-safe.
 */
@Component
public class LoginCredentials {

    private final JdbcTemplate jdbc;

    LoginCredentials(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Gives {@code subject} a password, as its {@code passwordHash} (a PasswordEncoder's output, never the password). */
    public void add(String subject, String passwordHash) {
        jdbc.update("INSERT INTO login_credential (subject, password_hash) VALUES (?, ?)", subject, passwordHash);
    }

    /** The password hash of {@code subject}, if it has a password here. */
    public Optional<String> passwordHash(String subject) {
        return jdbc.queryForList("SELECT password_hash FROM login_credential WHERE subject = ?", String.class, subject)
                .stream().findFirst();
    }
}
