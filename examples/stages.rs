//! Where a batch's time goes: the pipeline's stages timed separately over
//! every plan in the folders given (one thread), for profiling.
//!
//! `cargo run --release --example stages -- FOLDER…`
//!
//! With `--repeat N PLAN`: audit one plan N times (after building the
//! lexicon and one warm-up) and print the median time of one audit.
//!
//! With `--per-plan FOLDER…`: audit every plan once (after building the
//! lexicon), one thread, and print the percentiles of the time per plan and
//! the slowest plans, so that one slow kind of plan cannot hide in a mean.

use idp_audit::batch::{Select, discover};
use idp_audit::{Options, locate, read, report, rules, split};
use std::time::{Duration, Instant};

fn repeat(n: usize, plan: &std::path::Path) {
    let opts = Options::default();
    let s = Instant::now();
    let _ = opts.lexicon();
    let build = s.elapsed();
    std::hint::black_box(idp_audit::audit_file(plan, &opts));
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let s = Instant::now();
            std::hint::black_box(idp_audit::audit_file(plan, &opts));
            s.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "audit_file median {:.3} ms (min {:.3}, max {:.3}) over {n} runs; building the lexicon once took {:.1} ms",
        times[n / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[n - 1].as_secs_f64() * 1e3,
        build.as_secs_f64() * 1e3
    );
}

fn per_plan(folders: &[String]) {
    let paths: Vec<std::path::PathBuf> = folders.iter().map(Into::into).collect();
    let items = discover(&paths, &Select::default()).items;
    let opts = Options::default();
    let _ = opts.lexicon();
    let mut times: Vec<(Duration, &std::path::Path)> = items
        .iter()
        .map(|item| {
            let s = Instant::now();
            std::hint::black_box(idp_audit::audit_file(&item.path, &opts));
            (s.elapsed(), item.path.as_path())
        })
        .collect();
    times.sort();
    let n = times.len();
    let at = |q: f64| times[((n as f64 * q) as usize).min(n - 1)].0.as_secs_f64() * 1e3;
    println!(
        "per plan, in process, {n} plans: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms (p99/p50 {:.1})",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0),
        at(0.99) / at(0.5)
    );
    for (t, p) in times.iter().rev().take(5) {
        println!("  slowest: {:.3} ms  {}", t.as_secs_f64() * 1e3, p.display());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--per-plan") {
        return per_plan(&args[1..]);
    }
    if args.len() == 3 && args[0] == "--repeat" {
        return repeat(args[1].parse().expect("a number of runs"), std::path::Path::new(&args[2]));
    }
    let paths: Vec<std::path::PathBuf> = args.iter().map(Into::into).collect();
    let items = discover(&paths, &Select::default()).items;
    let opts = Options::default();
    let lex = opts.lexicon();
    let mut t = [Duration::ZERO; 6];
    let names = ["read file", "parse (read_bytes)", "locate", "split", "check", "json report"];
    let mut provisions = 0;
    for item in &items {
        let s = Instant::now();
        let bytes = std::fs::read(&item.path).unwrap();
        t[0] += s.elapsed();
        let s = Instant::now();
        let Ok(doc) = read::read_bytes(&bytes, &item.path, &opts.limits) else { continue };
        t[1] += s.elapsed();
        let s = Instant::now();
        let Some(section) = locate::locate(&doc.blocks) else { continue };
        t[2] += s.elapsed();
        let s = Instant::now();
        let Ok(raw) = split::split(&section, &opts.limits, opts.lexicon()) else { continue };
        t[3] += s.elapsed();
        let s = Instant::now();
        for r in &raw {
            std::hint::black_box(rules::check(r, lex, &opts.rules));
        }
        provisions += raw.len();
        t[4] += s.elapsed();
        let s = Instant::now();
        let d = idp_audit::audit_bytes(&bytes, &item.path, &opts);
        let s2 = Instant::now();
        std::hint::black_box(report::render(report::Format::Json, std::slice::from_ref(&d), report::Style::default()));
        t[5] += s2.elapsed();
        let _ = s;
    }
    let total: Duration = t.iter().sum();
    println!("{} plans, {provisions} provisions", items.len());
    for (n, d) in names.iter().zip(t) {
        println!("{n:>20}: {:>8.1} ms  {:>5.1}%", d.as_secs_f64() * 1e3, 100.0 * d.as_secs_f64() / total.as_secs_f64());
    }
}
