//! Writes `casecraft`'s manual pages and shell completions for a package:
//! `casecraft-manuals MAN_DIR COMPLETIONS_DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(man), Some(completions), None) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: casecraft-manuals MAN_DIR COMPLETIONS_DIR");
        return ExitCode::from(2);
    };
    let written = casecraft_cli::manuals::write_manuals(&man).and_then(|pages| {
        Ok((
            pages,
            casecraft_cli::manuals::write_completions(&completions)?,
        ))
    });
    match written {
        Ok((pages, shells)) => {
            println!(
                "{} manual pages, completions {}",
                pages.len(),
                shells.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
