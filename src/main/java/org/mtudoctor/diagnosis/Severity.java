package org.mtudoctor.diagnosis;

/** How bad a finding is, worst first: the order reports use. */
public enum Severity {
    PROBLEM("problem"),
    WARNING("warning"),
    INFO("info");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The name in reports and JSON. */
    public String label() {
        return label;
    }

    public static Severity fromLabel(String label) {
        for (Severity severity : values()) {
            if (severity.label.equals(label)) {
                return severity;
            }
        }
        throw new IllegalArgumentException("severity '" + label + "' (expected: problem, warning or info)");
    }
}
