--liquibase formatted sql

--changeset nyckelfri:platform-1
-- Passwords of the embedded identity provider's users (BCrypt). Not used with an external identity provider.
CREATE TABLE login_credential (
    subject       text PRIMARY KEY REFERENCES account (subject),
    password_hash text NOT NULL
);
