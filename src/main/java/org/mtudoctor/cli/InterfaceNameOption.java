package org.mtudoctor.cli;

import java.util.ArrayList;
import java.util.List;
import org.mtudoctor.compare.InterfaceNames;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --ifname}: names for the interface numbers of a capture of several interfaces. */
final class InterfaceNameOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--ifname", paramLabel = "[POINT:]INDEX=NAME", split = ",",
            description = "Names an interface of a capture of several (tcpdump -i any keeps only its index:"
                    + " ip -o link on the capturing host names it), e.g. 3=eth0 or vpn:3=eth0. Repeatable.")
    private List<String> names = new ArrayList<>();

    /** The names given; a usage error when one is malformed. */
    InterfaceNames names() {
        try {
            return InterfaceNames.parse(names);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
