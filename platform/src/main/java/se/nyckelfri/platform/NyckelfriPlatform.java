package se.nyckelfri.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * The backend: manager API, staff API, audit log and the embedded identity provider in one process. With no
 * configuration it starts everything it needs itself (PostgreSQL, identity provider, MQTT broker). The default run
 * (the {@code district} module) adds demo data and simulated homes, found by the same component scan.
 */
@SpringBootApplication(scanBasePackages = "se.nyckelfri")
@EntityScan("se.nyckelfri")
@EnableJpaRepositories("se.nyckelfri")
public class NyckelfriPlatform {

    public static void main(String[] args) {
        SpringApplication.run(NyckelfriPlatform.class, args);
    }
}
