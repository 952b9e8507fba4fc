package org.mtudoctor.capture;

/**
 * Opens a live capture, or lists the capture devices, in a JVM of its own: for what a test cannot
 * do in its own JVM, such as running without libpcap or without CAP_NET_RAW. Arguments:
 * {@code open INTERFACE} or {@code devices}. Prints {@code opened}, {@code devices N}, or
 * {@code error: ...}.
 */
public final class LiveProbe {
    private LiveProbe() {
    }

    public static void main(String[] arguments) throws Exception {
        try {
            if ("devices".equals(arguments[0])) {
                System.out.println("devices " + CaptureDevices.list().size());
            } else {
                try (LiveCapture capture = LiveCapture.open(LiveOptions.of(arguments[1]))) {
                    System.out.println("opened");
                }
            }
        } catch (CaptureException e) {
            System.out.println("error: " + e.getMessage());
        }
    }
}
