package org.mtudoctor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The pipeline's packages in order, each using only itself and those before it: frames are read
 * (capture), decoded (decode), gathered into flows (flow), judged (diagnosis, then analysis),
 * written (report), and the command line (cli) drives it all. Production classes only.
 */
@AnalyzeClasses(packages = "org.mtudoctor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule LAYERS_DEPEND_ON_EARLIER_LAYERS_ONLY = layeredArchitecture()
            // Dependencies on the JDK and libraries are not the layers' business; one on a class
            // of ours outside every layer is, and breaks the rule.
            .consideringOnlyDependenciesInAnyPackage("org.mtudoctor..")
            .layer("capture").definedBy("org.mtudoctor.capture..")
            .layer("decode").definedBy("org.mtudoctor.decode..")
            .layer("flow").definedBy("org.mtudoctor.flow..")
            .layer("diagnosis").definedBy("org.mtudoctor.diagnosis..")
            // Being introduced between diagnosis and report; the rule holds while it is empty.
            .optionalLayer("analysis").definedBy("org.mtudoctor.analysis..")
            .layer("report").definedBy("org.mtudoctor.report..")
            .layer("cli").definedBy("org.mtudoctor.cli..")
            .whereLayer("capture").mayNotAccessAnyLayer()
            .whereLayer("decode").mayOnlyAccessLayers("capture")
            .whereLayer("flow").mayOnlyAccessLayers("capture", "decode")
            .whereLayer("diagnosis").mayOnlyAccessLayers("capture", "decode", "flow")
            .whereLayer("analysis").mayOnlyAccessLayers("capture", "decode", "flow", "diagnosis")
            .whereLayer("report").mayOnlyAccessLayers("capture", "decode", "flow", "diagnosis", "analysis")
            .whereLayer("cli").mayOnlyAccessLayers("capture", "decode", "flow", "diagnosis", "analysis", "report");

    @ArchTest
    static final ArchRule ONLY_THE_COMMAND_LINE_USES_THE_COMMAND_LINE = noClasses()
            .that().resideOutsideOfPackage("org.mtudoctor.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.mtudoctor.cli..");
}
