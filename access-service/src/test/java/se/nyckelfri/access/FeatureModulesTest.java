package se.nyckelfri.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

/**
 * Each feature of the access service is a module (Spring Modulith: each direct sub-package of
 * {@code se.nyckelfri.access}): no cycles between them, and none uses another's internals (its sub-packages, unless
 * named as an interface, like {@code grant}'s {@code policy}). Which tables each owns is checked from the sources by
 * the platform's {@code TableOwnershipTest}.
 */
class FeatureModulesTest {

    @Test
    void modulesWhenVerifiedThenNoCyclesAndNoReachingIntoInternals() {
        ApplicationModules modules = ApplicationModules.of("se.nyckelfri.access");
        assertThat(modules.stream().map(ApplicationModule::getName)).contains("grant", "unlocking", "premises", "resident",
                "staff", "emergency", "audittrail", "visits");
        modules.verify();
    }

    /** The verification itself: a module using another's internal type is found. */
    @Test
    void verifyWhenAModuleUsesAnotherModulesInternalTypeThenViolation() {
        ApplicationModules planted = ApplicationModules.of("se.nyckelfri.planted", new ImportOption.OnlyIncludeTests());
        assertThat(planted.stream().map(ApplicationModule::getName)).containsExactlyInAnyOrder("door", "visit");
        assertThatThrownBy(planted::verify).isInstanceOf(Violations.class)
                .hasMessageContaining("Module 'visit' depends on non-exposed type se.nyckelfri.planted.door.internal.Lockpick");
    }
}
