//! Write the hostile files of `tests/support/hostile.rs`, and the good plans
//! to mix with them, into a folder: `cargo run --release --example
//! hostile_files -- DIR`. `scripts/hostile-batch.sh` uses it to measure the
//! release binary's peak memory on a batch of them.

#[path = "../tests/support/hostile.rs"]
mod hostile;

fn main() {
    let dir = std::env::args_os().nth(1).expect("usage: hostile_files DIR");
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create the folder");
    hostile::write_secret();
    for c in hostile::cases().into_iter().chain(hostile::good_plans()) {
        std::fs::write(dir.join(&c.name), &c.bytes).expect("write a file");
        println!("{}\t{}\t{}", c.name, c.bytes.len(), c.expect.status);
    }
}
