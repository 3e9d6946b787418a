#!/usr/bin/env python3
"""dcmveil benchmark harness: runs dcmveil and its peers on the same corpora in one run, alternating,
and writes bench/results/latest.md. Figures are measured, never edited; a goal not met is shown as not met.

Timing: wall clock of each whole command (including process start), peak RSS from /usr/bin/time -v.
Each workload runs every tool in turn, RUNS times (alternating), and reports the median.
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".bench")
PY = os.path.join(BENCH, "venv", "bin", "python")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


def timed(cmd, env=None):
    """Runs `cmd` under /usr/bin/time -v; returns (seconds, peak RSS in MB, ok)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", "bash", "-c", cmd], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, env=env)
    dt = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    if p.returncode != 0:
        sys.stderr.write(f"  ! failed ({p.returncode}): {cmd}\n{p.stderr[-800:]}\n")
    return dt, rss, p.returncode == 0


def dir_size(path):
    total = 0
    for dp, _, fs in os.walk(path):
        for f in fs:
            total += os.path.getsize(os.path.join(dp, f))
    return total


class Workload:
    def __init__(self, name, corpus, files, tools, goals, runs):
        self.name, self.corpus, self.files, self.tools, self.goals, self.runs = name, corpus, files, tools, goals, runs
        self.results = {}

    def run(self):
        print(f"== {self.name}: {self.files} files, {len(self.tools)} tools, {self.runs} runs each", flush=True)
        samples = {t[0]: [] for t in self.tools}
        rss = {t[0]: [] for t in self.tools}
        failed = set()
        for r in range(self.runs):
            order = self.tools if r % 2 == 0 else list(reversed(self.tools))  # alternate order too
            for name, setup, cmd in order:
                if name in failed:
                    continue
                if setup:
                    sh(setup, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                dt, mem, ok = timed(cmd)
                if not ok:
                    failed.add(name)
                    continue
                samples[name].append(dt)
                rss[name].append(mem)
        mb = dir_size(self.corpus) / 1e6
        for name, _, _ in self.tools:
            if name in failed or not samples[name]:
                self.results[name] = None
                continue
            med = statistics.median(samples[name])
            self.results[name] = dict(seconds=med, files_per_s=self.files / med, mb_per_s=mb / med,
                                      rss_mb=max(rss[name]), runs=len(samples[name]))
            print(f"   {name:34s} {med:8.3f} s  {self.files / med:10.1f} files/s  peak {max(rss[name]):7.1f} MB", flush=True)

    def markdown(self):
        lines = [f"### {self.name}", "", f"Corpus: {self.files} files, {dir_size(self.corpus) / 1e6:.0f} MB.", "",
                 "| tool | median s | files/s | MB/s | peak RSS MB |", "|---|---:|---:|---:|---:|"]
        for name, _, _ in self.tools:
            r = self.results.get(name)
            if r is None:
                lines.append(f"| {name} | failed | | | |")
            else:
                lines.append(f"| {name} | {r['seconds']:.3f} | {r['files_per_s']:.1f} | {r['mb_per_s']:.1f} | {r['rss_mb']:.1f} |")
        if self.goals:
            lines += ["", "| goal | measured | met |", "|---|---:|:---:|"]
            for text, check in self.goals:
                value, met = check(self.results)
                lines.append(f"| {text} | {value} | {'yes' if met else '**NO**'} |")
        return "\n".join(lines) + "\n"


def ratio_goal(ours, peer, at_least=None, at_most=None):
    """A goal on time(peer)/time(ours) (speed-up) or time(ours)/time(peer) (slowdown)."""
    def check(res):
        a, b = res.get(ours), res.get(peer)
        if not a or not b:
            return "not measured", False
        if at_least is not None:
            x = b["seconds"] / a["seconds"]
            return f"{x:.2f}× faster", x >= at_least
        x = a["seconds"] / b["seconds"]
        return f"{x:.2f}× the time", x <= at_most
    return check


def rss_goal(ours, limit_mb):
    def check(res):
        a = res.get(ours)
        return (f"{a['rss_mb']:.0f} MB", a["rss_mb"] < limit_mb) if a else ("not measured", False)
    return check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--dcmveil", required=True)
    ap.add_argument("--only", help="comma-separated workload name prefixes; results go to bench/results/<--out>.md")
    ap.add_argument("--out", default="latest")
    args = ap.parse_args()
    q = args.quick
    runs = 3 if q else 5
    dv = args.dcmveil
    corpora = os.path.join(BENCH, "corpora")
    out = os.path.join(BENCH, "out")
    os.makedirs(corpora, exist_ok=True)
    n_ct, n_small, n_header = (200, 300, 2000) if q else (1000, 1000, 10000)

    def corpus(kind, n):
        path = os.path.join(corpora, f"{kind}-{n}")
        if not os.path.isdir(path) or len(os.listdir(path)) < n:
            shutil.rmtree(path, ignore_errors=True)
            sh(f"{dv} synth --kind {kind} --count {n} --seed 7 {path}", stdout=subprocess.DEVNULL)
        return path

    ct, small, header = corpus("ct", n_ct), corpus("small", n_small), corpus("header", n_header)
    key = os.path.join(BENCH, "keys")
    if not os.path.exists(os.path.join(key, "pseudonym.key")):
        shutil.rmtree(key, ignore_errors=True)
        sh(f"{dv} keygen {key}", stdout=subprocess.DEVNULL)
    helpers = os.path.join(ROOT, "Benchmarks", "peers")
    workloads = []

    # Header-only indexing (issue 2): dcmveil index vs pydicom stop_before_pixels, both on 2 cores.
    workloads.append(Workload("Header-only indexing", header, n_header, [
        ("dcmveil index", None, f"{dv} index --jobs 2 {header}"),
        ("pydicom stop_before_pixels (2 proc)", None, f"{PY} {helpers}/pydicom_index.py --jobs 2 {header}"),
    ], [("dcmveil ≥ 20× pydicom files/s", ratio_goal("dcmveil index", "pydicom stop_before_pixels (2 proc)", at_least=20))], runs))

    # Full read and unchanged write (issue 2): within 1.5× of cp -r; flat memory.
    o = os.path.join(out, "rw")
    workloads.append(Workload("Full read + unchanged write", ct, n_ct, [
        ("dcmveil rewrite", f"rm -rf {o}", f"{dv} rewrite --jobs 2 {ct} {o}"),
        ("cp -r", f"rm -rf {o}", f"cp -r {ct} {o}"),
    ], [("dcmveil ≤ 1.5× cp -r", ratio_goal("dcmveil rewrite", "cp -r", at_most=1.5))], runs))

    # Header de-identification (issue 3).
    for label, src, n in (("CT corpus", ct, n_ct), ("small files", small, n_small)):
        o = os.path.join(out, "deid")
        tools = [
            ("dcmveil apply", f"rm -rf {o}", f"{dv} apply --no-pixel-check --jobs 2 --key-file {key}/pseudonym.key {src} {o}"),
            ("cp -r", f"rm -rf {o}", f"cp -r {src} {o}"),
            ("gdcmanon (basic)", f"rm -rf {o} && mkdir -p {o}", f"{helpers}/gdcmanon.sh {src} {o}"),
            ("dcmodify (20 tags)", f"rm -rf {o} && cp -r {src} {o}", f"{helpers}/dcmodify.sh {o}"),
            ("dicognito (2 proc)", f"rm -rf {o} && mkdir -p {o}", f"{PY} {helpers}/parallel.py dicognito {src} {o}"),
            ("pydicom/deid (2 proc)", f"rm -rf {o} && mkdir -p {o}", f"{PY} {helpers}/parallel.py deid {src} {o}"),
            ("dicom-anonymizer (2 proc)", f"rm -rf {o} && mkdir -p {o}", f"{PY} {helpers}/parallel.py dicom-anonymizer {src} {o}"),
            ("plain pydicom loop", f"rm -rf {o} && mkdir -p {o}", f"{PY} {helpers}/parallel.py pydicom {src} {o}"),
        ]
        goals = [("peak memory < 200 MB", rss_goal("dcmveil apply", 200))]
        if src == ct:
            goals.insert(0, ("dcmveil ≤ 1.5× cp -r", ratio_goal("dcmveil apply", "cp -r", at_most=1.5)))
        else:
            goals = [("≥ 5× gdcmanon", ratio_goal("dcmveil apply", "gdcmanon (basic)", at_least=5)),
                     ("≥ 30× dicognito", ratio_goal("dcmveil apply", "dicognito (2 proc)", at_least=30)),
                     ("≥ 30× pydicom/deid", ratio_goal("dcmveil apply", "pydicom/deid (2 proc)", at_least=30))] + goals
        workloads.append(Workload(f"Header de-identification, {label}", src, n, tools, goals, runs))

    if not args.only or "Audit" in args.only:
        # Audit (issue 7): verify a long log; append entries one by one (lock + one write + fsync each).
        n_log = 20000 if q else 100000
        log_dir = os.path.join(BENCH, f"audit-{n_log}")
        if not os.path.exists(os.path.join(log_dir, "audit.jsonl")):
            shutil.rmtree(log_dir, ignore_errors=True)
            sh(f"{dv} audit synth {log_dir} --entries {n_log}", stdout=subprocess.DEVNULL)
        workloads.append(Workload(f"Audit verify, {n_log} entries", log_dir, n_log, [
            ("dcmveil audit verify", None, f"{dv} audit verify {log_dir}/audit.jsonl --pubkey {log_dir}/signing.pub"),
        ], [("verify 100,000 entries < 5 s (scaled)", lambda r: (
            (f"{r['dcmveil audit verify']['seconds'] * 100000 / n_log:.2f} s per 100k", r['dcmveil audit verify']['seconds'] * 100000 / n_log < 5)
            if r.get('dcmveil audit verify') else ("not measured", False)))], runs))
        app_dir = os.path.join(BENCH, "audit-append")
        n_app = 200
        workloads.append(Workload(f"Audit append, {n_app} entries one by one", BENCH + "/keys", n_app, [
            ("dcmveil audit append (fsync each)", f"rm -rf {app_dir}", f"{dv} audit synth {app_dir} --entries {n_app} --append-each"),
        ], [("append < 5 ms per entry", lambda r: (
            (f"{r['dcmveil audit append (fsync each)']['seconds'] * 1000 / n_app:.2f} ms", r['dcmveil audit append (fsync each)']['seconds'] * 1000 / n_app < 5)
            if r.get('dcmveil audit append (fsync each)') else ("not measured", False)))], runs))

    if args.only:
        prefixes = [p.strip() for p in args.only.split(",") if p.strip()]
        workloads = [w for w in workloads if any(w.name.startswith(p) for p in prefixes)]
    for w in workloads:
        w.run()

    versions = {}
    for name, cmd in [("swift", "swift --version 2>&1 | head -1"), ("dcmveil", f"{dv} --version"),
                      ("pydicom", f"{PY} -c 'import pydicom;print(pydicom.__version__)'"),
                      ("deid", f"{PY} -c 'import deid;print(deid.__version__)'"),
                      ("dicognito", f"{PY} -m pip show dicognito 2>/dev/null | grep ^Version"),
                      ("dicom-anonymizer", f"{PY} -m pip show dicom-anonymizer 2>/dev/null | grep ^Version"),
                      ("gdcmanon", "gdcmanon --version 2>&1 | head -1"), ("dcmodify", "dcmodify --version 2>&1 | head -1")]:
        try:
            versions[name] = subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except Exception:
            versions[name] = "unknown"
    cpu = "unknown"
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    except Exception:
        pass
    md = [f"# dcmveil benchmark results", "",
          f"- date: {datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M UTC')}",
          f"- machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}",
          f"- mode: {'QUICK' if q else 'full'}; median of {runs} alternating runs per tool",
          "- versions: " + "; ".join(f"{k} {v}" for k, v in versions.items()), "",
          "Ratios measured in one run are what count; absolute times are for orientation (shared, noisy machine).", ""]
    md += [w.markdown() for w in workloads]
    path = os.path.join(ROOT, "bench", "results", f"{args.out}.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(md))
    with open(os.path.join(ROOT, "bench", "results", f"{args.out}.json"), "w") as f:
        json.dump({w.name: w.results for w in workloads}, f, indent=1, sort_keys=True)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
