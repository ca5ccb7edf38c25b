//! In-process build speed: one document with a warm pipeline, the English set, every locale.
//! Whole-process comparisons with the typst CLI are in `bench/compare.sh`.

use criterion::{criterion_group, criterion_main, Criterion};
use handout::assets::Inputs;
use handout::handout::{select, Documents, Handout};
use handout::i18n::{edition, Edition};
use handout::kind;
use handout::pdf::ExportSettings;
use handout::pipeline::{default_jobs, Discard, Pipeline};
use handout::print::Print;

// The allocator the binary uses (src/main.rs).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn load_pipeline() -> Pipeline {
    Pipeline::load(&Inputs::embedded(), None).expect("the embedded defaults load")
}

/// Every calcinosis document of these editions, or only the overview: the figures stay
/// comparable with those measured before the library had a second topic.
fn handouts<'a>(editions: &'a [Edition], kind: Option<&str>) -> Vec<Handout<'a>> {
    let documents =
        Documents { kind: kind.and_then(kind::find), type_id: None, topics: vec!["calcinosis".into()] };
    select(editions, &documents, &[Print::default()], None).expect("handouts")
}

fn bench(c: &mut Criterion) {
    let pipeline = load_pipeline();
    let settings = ExportSettings::default();
    let english =
        pipeline.editions(&edition::requested(&pipeline.data, "en").expect("en"), false).expect("editions");
    let all =
        pipeline.editions(&edition::requested(&pipeline.data, "all").expect("all"), false).expect("editions");
    let overview = handouts(&english, Some("overview"));
    let english_set = handouts(&english, None);
    let every_locale = handouts(&all, None);
    let build_all = |pipeline: &Pipeline, set: &[Handout]| {
        pipeline.build_all(set, &settings, &Discard, default_jobs(), &|_| {}).expect("builds")
    };

    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("one overview (warm)", |b| {
        b.iter(|| pipeline.build(&overview[0], &settings, &Discard).expect("builds"))
    });
    group.bench_function("english set (8 documents)", |b| b.iter(|| build_all(&pipeline, &english_set)));
    // The pipeline remembers the fit each source needed: after the first iteration this is
    // a rebuild with the fit cache warm, one compilation per document.
    group.bench_function("every locale (72 documents), warm fit cache", |b| {
        b.iter(|| build_all(&pipeline, &every_locale))
    });
    group.bench_function("every locale (72 documents), cold: load and search every fit", |b| {
        b.iter(|| {
            let fresh = load_pipeline();
            let editions = fresh
                .editions(&edition::requested(&fresh.data, "all").expect("all"), false)
                .expect("editions");
            build_all(&fresh, &handouts(&editions, None))
        })
    });
    group.bench_function("load pipeline (startup)", |b| b.iter(load_pipeline));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
