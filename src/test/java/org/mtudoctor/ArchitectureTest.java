package org.mtudoctor;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.mtudoctor.diagnosis.Diagnoser;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.TrafficPipeline;

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
            .layer("analysis").definedBy("org.mtudoctor.analysis..")
            .layer("compare").definedBy("org.mtudoctor.compare..")
            .layer("report").definedBy("org.mtudoctor.report..")
            .layer("cli").definedBy("org.mtudoctor.cli..")
            .whereLayer("capture").mayNotAccessAnyLayer()
            .whereLayer("decode").mayOnlyAccessLayers("capture")
            .whereLayer("flow").mayOnlyAccessLayers("capture", "decode")
            .whereLayer("diagnosis").mayOnlyAccessLayers("capture", "decode", "flow")
            .whereLayer("analysis").mayOnlyAccessLayers("capture", "decode", "flow", "diagnosis")
            .whereLayer("compare").mayOnlyAccessLayers("capture", "decode", "flow", "diagnosis", "analysis")
            .whereLayer("report").mayOnlyAccessLayers("capture", "decode", "flow", "diagnosis", "analysis", "compare")
            .whereLayer("cli").mayOnlyAccessLayers("capture", "decode", "flow", "diagnosis", "analysis", "compare", "report");

    @ArchTest
    static final ArchRule ONLY_THE_COMMAND_LINE_USES_THE_COMMAND_LINE = noClasses()
            .that().resideOutsideOfPackage("org.mtudoctor.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.mtudoctor.cli..");

    /**
     * The commands parse, run the spine, print and choose the exit code: the pipeline is wired
     * in one place, analysis.Assembly, for files and live capture alike.
     */
    @ArchTest
    static final ArchRule THE_COMMANDS_DO_NOT_WIRE_THE_PIPELINE = noClasses()
            .that().resideInAPackage("org.mtudoctor.cli..")
            .should().callConstructorWhere(target(owner(belongToAnyOf(FlowTracker.class, TrafficPipeline.class,
                    Diagnoser.class))));
}
