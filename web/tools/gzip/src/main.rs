//! `idp-audit-web-gzip IN OUT`: IN gzipped into OUT by zopfli (15
//! iterations, its default), with no file name or time in the header, so
//! the same IN gives the same OUT.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: idp-audit-web-gzip IN OUT");
        return ExitCode::from(2);
    };
    let data = match std::fs::read(input) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("idp-audit-web-gzip: {input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut gz = Vec::new();
    if let Err(e) = zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, &data[..], &mut gz) {
        eprintln!("idp-audit-web-gzip: {e}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = std::fs::write(output, gz) {
        eprintln!("idp-audit-web-gzip: {output}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
