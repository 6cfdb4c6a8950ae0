use std::time::Instant;
fn run(name: &str, text: &str) {
    let t = Instant::now();
    let r = seam_codegen::generate(text.as_bytes(), name, &Default::default());
    let el = t.elapsed();
    match r {
        Ok(g) => println!("== {name} OK in {el:?}\n{}", g.diagnostics),
        Err(d) => println!("== {name} ERR in {el:?}\n{d}"),
    }
}
#[test]
fn real_spec() {
    let bytes = std::fs::read("../spec/openapi.json").unwrap();
    let t = Instant::now();
    let r = seam_codegen::generate(&bytes, "openapi.json", &Default::default());
    println!("real spec {:?} ok={}", t.elapsed(), r.is_ok());
}
#[test]
fn deep_bad() {
    for d in [5usize, 10, 14, 16, 18] {
        let mut s = String::from("{\"type\":5}");
        for _ in 0..d { s = format!("{{\"type\":\"object\",\"properties\":{{\"a\":{s}}}}}"); }
        let doc = format!("{{\"openapi\":\"3.0.0\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"components\":{{\"schemas\":{{\"A\":{s}}}}}}}");
        run(&format!("deep{d}.json"), &doc);
    }
}
