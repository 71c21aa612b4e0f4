// The fixture and scenario directories are compiled into the binary (include_dir!); make any
// change to them, including a new file, rebuild it.
fn main() {
    println!("cargo:rerun-if-changed=fixtures");
    println!("cargo:rerun-if-changed=scenarios");
}
