package org.govbus.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of the design card, checked on the compiled classes: dependencies point inward, toward
 * exchange-core; only app wires everything. A failure names the class and the dependency to remove.
 */
@AnalyzeClasses(packages = "org.govbus", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnNoOtherModule = noClasses().that().resideInAPackage("org.govbus.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.govbus.schemas..", "org.govbus.connectors..",
                    "org.govbus.routes..", "org.govbus.pool..", "org.govbus.app..", "org.govbus.plugins..")
            .because("exchange-core is the inner ring; move what both sides need into exchange-core");

    @ArchTest
    static final ArchRule nothingButAppDependsOnApp = noClasses().that().resideOutsideOfPackage("org.govbus.app..")
            .should().dependOnClassesThat().resideInAPackage("org.govbus.app..")
            .because("only app wires the modules; move the shared piece into the module that owns it");

    @ArchTest
    static final ArchRule schemasStayInward = noClasses().that().resideInAPackage("org.govbus.schemas..")
            .should().dependOnClassesThat().resideInAnyPackage("org.govbus.connectors..", "org.govbus.routes..",
                    "org.govbus.pool..", "org.govbus.plugins..")
            .because("schemas depends on exchange-core only");

    @ArchTest
    static final ArchRule connectorsStayInward = noClasses().that().resideInAPackage("org.govbus.connectors..")
            .should().dependOnClassesThat().resideInAnyPackage("org.govbus.schemas..", "org.govbus.routes..",
                    "org.govbus.pool..", "org.govbus.plugins..")
            .because("a connector reads legacy rows; mapping and storing belong to routes");

    @ArchTest
    static final ArchRule poolStaysInward = noClasses().that().resideInAPackage("org.govbus.pool..")
            .should().dependOnClassesThat().resideInAnyPackage("org.govbus.schemas..", "org.govbus.connectors..",
                    "org.govbus.routes..", "org.govbus.plugins..")
            .because("infra-pool depends on exchange-core only");

    @ArchTest
    static final ArchRule pluginsUseTheSpiOnly = classes().that().resideInAPackage("org.govbus.plugins..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.govbus.core..", "org.govbus.plugins..", "java..")
            .because("a route plugin is written against the SPI of exchange-core alone");
}
