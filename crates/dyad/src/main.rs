use clap::Parser;

fn main() {
    let cli = dyad::cli::Cli::parse();
    match dyad::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            std::process::exit(2);
        }
    }
}
