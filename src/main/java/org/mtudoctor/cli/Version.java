package org.mtudoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.mtudoctor.capture.CaptureDevices;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: mtudoctor's version from the jar's manifest ("development" when run from
 * classes), the commit it was built from (git.properties, written by git-commit-id-maven-plugin),
 * the Java runtime it runs on, and the libpcap it found, as tcpdump --version names its libpcap.
 */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {
            "mtudoctor " + (version != null ? version : "development") + " (" + commit() + ")",
            "Java " + System.getProperty("java.runtime.version") + ", " + System.getProperty("java.vm.name")
                    + ", " + System.getProperty("java.vendor") + ", in " + System.getProperty("java.home"),
            CaptureDevices.libpcapVersion(),
        };
    }

    /** "commit 1a2b3c4, 2026-12-02", with "+ changes" for a dirty tree; "commit unknown" without git. */
    static String commit() {
        Properties git = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            // As if built without git.
        }
        String id = git.getProperty("git.commit.id.abbrev", "");
        if (id.isEmpty()) {
            return "commit unknown";
        }
        String time = git.getProperty("git.commit.time", "");
        return "commit " + id + ("true".equals(git.getProperty("git.dirty")) ? " + changes" : "")
                + (time.length() >= 10 ? ", " + time.substring(0, 10) : "");
    }
}
