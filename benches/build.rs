//! In-process build speed: one document with a warm pipeline, the English set, every locale.
//! Whole-process comparisons with the typst CLI are in `bench/compare.sh`.

use criterion::{criterion_group, criterion_main, Criterion};
use handout::batch::{ExportSettings, Inputs, Pipeline};
use handout::handout::{select, DocChoice, Print};
use handout::i18n::edition;

// The allocator the binary uses (src/main.rs).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn load_pipeline() -> Pipeline {
    Pipeline::load(&Inputs::embedded()).expect("the embedded defaults load")
}

fn bench(c: &mut Criterion) {
    let pipeline = load_pipeline();
    let print = Print::default();
    let settings = ExportSettings::default();
    let english =
        pipeline.editions(&edition::requested(&pipeline.data, "en").expect("en"), false).expect("editions");
    let all =
        pipeline.editions(&edition::requested(&pipeline.data, "all").expect("all"), false).expect("editions");
    let overview = select(&english, DocChoice::Overview, None, &print).expect("overview");
    let english_set = select(&english, DocChoice::All, None, &print).expect("set");
    let every_locale = select(&all, DocChoice::All, None, &print).expect("set");

    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("one overview (warm)", |b| {
        b.iter(|| pipeline.build(&overview[0], &settings).expect("builds"))
    });
    group.bench_function("english set (8 documents)", |b| {
        b.iter(|| pipeline.build_all(&english_set, &settings).expect("builds"))
    });
    // The pipeline remembers the fit each source needed: after the first iteration this is
    // a rebuild with the fit cache warm, one compilation per document.
    group.bench_function("every locale (72 documents), warm fit cache", |b| {
        b.iter(|| pipeline.build_all(&every_locale, &settings).expect("builds"))
    });
    group.bench_function("every locale (72 documents), cold: load and search every fit", |b| {
        b.iter(|| {
            let fresh = load_pipeline();
            let editions = fresh
                .editions(&edition::requested(&fresh.data, "all").expect("all"), false)
                .expect("editions");
            let set = select(&editions, DocChoice::All, None, &print).expect("set");
            fresh.build_all(&set, &settings).expect("builds")
        })
    });
    group.bench_function("load pipeline (startup)", |b| b.iter(load_pipeline));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
