package org.mtudoctor.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtudoctor.capture.CaptureDevice;
import org.mtudoctor.capture.CaptureDevices;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.report.DeviceReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mtudoctor interfaces}: the devices live capture can use, with addresses and MTUs. */
@Command(name = "interfaces", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Lists the interfaces 'mtudoctor live -i' can capture on, with their MTUs and addresses.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:listed",
            "2:usage error",
            "4:libpcap missing, or it cannot list the devices",
        })
final class InterfacesCommand implements Callable<Integer> {

    @Mixin
    private FormatOption format;

    private final PrintWriter out;

    InterfacesCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() throws CaptureException {
        List<CaptureDevice> devices = CaptureDevices.list();
        out.print(format.format == FormatOption.Format.json ? DeviceReport.json(devices) : DeviceReport.text(devices));
        out.flush();
        return ExitCode.OK;
    }
}
