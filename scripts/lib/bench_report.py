#!/usr/bin/env python3
"""The table and the ground-truth check of scripts/bench run.

  bench_report.py TIMES PACKETS REPORT_JSON TRUTH [LIBPCAP_REPORT_JSON]
      TIMES: one line per run, "LABEL<TAB>WALL_SECONDS<TAB>PEAK_RSS_KB", in the order run;
      PACKETS: the capture's packet count; REPORT_JSON: mtudoctor --format json of the capture;
      TRUTH: FILE.truth from scripts/bench generate ("-" when there is none).
      Prints the table, then mtudoctor's counts beside the ground truth and PASS or FAIL;
      exits 1 on FAIL. LIBPCAP_REPORT_JSON, the same with --reader libpcap, must have the same
      findings and flow counts.
"""
import json
import statistics
import sys

TCPDUMP_ICMP = "tcpdump ICMP filter"
TCPDUMP_ICMP_WRITE = "tcpdump ICMP filter -w /dev/null"
TSHARK = "tshark ICMP filter"


def table(times_file, packets):
    runs = {}
    for line in open(times_file, encoding="utf-8"):
        label, wall, rss = line.rstrip("\n").split("\t")
        runs.setdefault(label, []).append((float(wall), int(rss)))
    medians = {label: statistics.median(w for w, _ in values) for label, values in runs.items()}

    def ratio(label, against):
        if against not in medians or medians[against] == 0:
            return "-"
        return "%.2f" % (medians[label] / medians[against])

    print("| command | runs | median wall (s) | min (s) | peak RSS (MB) | packets/s"
          " | vs tcpdump ICMP | vs tcpdump ICMP -w | vs tshark |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, values in runs.items():
        median = medians[label]
        rate = "%.0f" % (packets / median) if median > 0 else "-"
        print("| %s | %d | %.3f | %.3f | %.0f | %s | %s | %s | %s |" % (
            label, len(values), median, min(w for w, _ in values), max(r for _, r in values) / 1024,
            rate, ratio(label, TCPDUMP_ICMP), ratio(label, TCPDUMP_ICMP_WRITE), ratio(label, TSHARK)))


def flow_count(report, kind):
    return sum(f.get("flowCount", 0) for f in report["findings"] if f["kind"] == kind)


def compare(report_file, truth_file):
    report = json.load(open(report_file, encoding="utf-8"))
    black_holes = flow_count(report, "pmtu-black-hole")
    worked = flow_count(report, "pmtud-worked")
    silent = flow_count(report, "silent-black-hole")
    problems = report["summary"]["problems"]
    if truth_file == "-":
        print("mtudoctor: black-hole flows %d, pmtud-worked flows %d, problems %d (no ground truth file)"
              % (black_holes, worked, problems))
        return True
    truth = {}
    for line in open(truth_file, encoding="utf-8"):
        if "=" in line and not line.startswith("#"):
            key, value = line.strip().split("=", 1)
            truth[key] = value
    expected_holes = int(truth["black_holed_flows"])
    expected_worked = int(truth["pmtud_worked_flows"])
    # Flows that did not end as planned (a working flow that failed, a black-holed one that
    # completed) and packets tcpdump lost make the truth uncertain by that many flows.
    slack = int(truth.get("unexpected_flows", 0))
    black_holed_servers = set(truth["black_holed_servers"].split(",")) if "black_holed_servers" in truth else None
    called_wrongly = [flow["src"] for finding in report["findings"] if finding["kind"] == "pmtu-black-hole"
                      for flow in finding.get("flows", [])
                      if black_holed_servers is not None
                      and flow["src"].rsplit(":", 1)[0] not in black_holed_servers]

    print("| count | mtudoctor | ground truth |")
    print("|---|---:|---:|")
    print("| black-holed flows (pmtu-black-hole flowCount) | %d | %d |" % (black_holes, expected_holes))
    print("| PMTUD-worked flows (pmtud-worked flowCount) | %d | %d |" % (worked, expected_worked))
    print("| silent-black-hole flows | %d | 0 |" % silent)
    print("| problems | %d | %d |" % (problems, 1 if expected_holes else 0))
    print("| ICMP frag-needed | %d | %s |" % (report["capture"]["icmpTooBig"], truth.get("icmp_frag_needed", "?")))
    print("| TCP flows | %d | %s |" % (report["capture"]["tcpFlows"], truth.get("flows", "?")))
    print("| flows evicted | %d | 0 |" % report["capture"]["evictedFlows"])

    failures = []
    if abs(black_holes - expected_holes) > slack:
        failures.append("%d black-hole flows found, %d black-holed" % (black_holes, expected_holes))
    if called_wrongly:
        failures.append("working flows called black holes: %s" % ", ".join(called_wrongly[:5]))
    if abs(worked - expected_worked) > slack:
        failures.append("%d pmtud-worked flows found, %d worked" % (worked, expected_worked))
    if silent > slack:
        failures.append("%d flows called silent black holes" % silent)
    if failures:
        print("ground truth: FAIL: " + "; ".join(failures))
        return False
    note = " (within %d flows that did not end as planned)" % slack if slack else ""
    print("ground truth: PASS: every black-holed flow found, no working flow called a black hole" + note)
    return True


def same_findings(report_file, libpcap_report_file):
    def verdict(path):
        report = json.load(open(path, encoding="utf-8"))
        return sorted((f["kind"], f.get("flowCount", 0)) for f in report["findings"])

    if verdict(report_file) == verdict(libpcap_report_file):
        print("libpcap reader: same findings and flow counts as the own reader")
        return True
    print("libpcap reader: FAIL: %s, own reader %s" % (verdict(libpcap_report_file), verdict(report_file)))
    return False


def main(arguments):
    if len(arguments) not in (4, 5):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    table(arguments[0], int(arguments[1]))
    print()
    passed = compare(arguments[2], arguments[3])
    if len(arguments) == 5:
        passed = same_findings(arguments[2], arguments[4]) and passed
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
