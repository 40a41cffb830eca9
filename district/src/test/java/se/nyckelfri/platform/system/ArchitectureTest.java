package se.nyckelfri.platform.system;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The architecture stays visible and one-way: feature packages without cycles, the rule of access free of
 * frameworks, and the edge (gateway, lock protocol, simulated hardware) never reaching into the backend.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // fixtures other modules share as test-jars
            .importPackages("se.nyckelfri");

    @Test
    void featurePackagesOfTheAccessServiceHaveNoCycles() {
        slices().matching("se.nyckelfri.access.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void featurePackagesOfTheWebConsoleHaveNoCycles() {
        slices().matching("se.nyckelfri.console.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void modulesDependOnlyDownwards() {
        slices().matching("se.nyckelfri.(*)..").should().beFreeOfCycles().check(CLASSES);
        noClasses().that().resideInAnyPackage("se.nyckelfri.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("se.nyckelfri.access..", "se.nyckelfri.platform..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("se.nyckelfri.lock..", "se.nyckelfri.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("se.nyckelfri.access..", "se.nyckelfri.audit..",
                        "se.nyckelfri.keyissuer..", "se.nyckelfri.mobile..", "se.nyckelfri.platform..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    /**
     * Outside the access service, its feature modules are used through their top-level packages only (their API; the
     * access service's own FeatureModulesTest checks the features among themselves), plus the named interface
     * {@code grant.policy}: the staff API, the console and the platform never reach into a feature's inside.
     */
    @Test
    void otherModulesUseTheAccessServiceFeaturesThroughTheirApiOnly() {
        noClasses().that().resideOutsideOfPackage("se.nyckelfri.access..")
                .should().dependOnClassesThat(resideInAPackage("se.nyckelfri.access.*.*..")
                        .and(not(resideInAPackage("se.nyckelfri.access.grant.policy.."))))
                .check(CLASSES);
    }

    /** The deployable platform never needs the default run's simulators: they build on it, not it on them. */
    @Test
    void thePlatformDependsOnNoSimulator() {
        noClasses().that().resideInAnyPackage("se.nyckelfri.platform..", "se.nyckelfri.access..", "se.nyckelfri.mobile..",
                        "se.nyckelfri.console..", "se.nyckelfri.keyissuer..", "se.nyckelfri.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("se.nyckelfri.district..", "se.nyckelfri.gateway..",
                        "se.nyckelfri.lock.fixtures..", "com.intel.bluetooth..", "javax.bluetooth..")
                .check(CLASSES);
    }

    @Test
    void theAccessRuleIsPureJava() {
        noClasses().that().haveSimpleNameStartingWith("AccessPolicy")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..", "java.sql..")
                .check(CLASSES);
    }
}
