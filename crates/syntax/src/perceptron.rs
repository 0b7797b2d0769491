//! Multi-class averaged perceptron over hashed 32-bit feature keys, with sparse rows.
//!
//! Training (`Trainer`) keeps, per feature, a short list of (class, weight, accumulator)
//! entries created on first update. `Trainer::averaged` freezes the averaged weights into
//! `Weights`: an open-addressing table from feature key to a run of (class, weight) entries,
//! which is what inference uses (no allocation, a few memory reads per feature).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::io::{Reader, Writer};
use crate::Error;

/// Hasher for keys that are already hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = (v as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Entry {
    class: u8,
    w: f32,
    acc: f64,
}

/// Averaged perceptron under training.
pub struct Trainer {
    n_classes: usize,
    index: IdMap<u32, u32>,
    rows: Vec<Vec<Entry>>,
    /// Number of training instances seen (the averaging clock), starting at 1.
    time: f64,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        assert!(n_classes <= 256, "at most 256 classes");
        Trainer {
            n_classes,
            index: IdMap::default(),
            rows: Vec::new(),
            time: 1.0,
        }
    }

    /// Adds the current (not averaged) weights of `feats` to `scores` (which must be zeroed).
    pub fn score(&self, feats: &[u32], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    fn add(&mut self, f: u32, class: usize, d: f32) {
        let next = self.rows.len() as u32;
        let r = *self.index.entry(f).or_insert(next);
        if r == next {
            self.rows.push(Vec::new());
        }
        let row = &mut self.rows[r as usize];
        let t = self.time;
        match row.iter_mut().find(|e| e.class as usize == class) {
            Some(e) => {
                e.w += d;
                e.acc += t * d as f64;
            }
            None => row.push(Entry {
                class: class as u8,
                w: d,
                acc: t * d as f64,
            }),
        }
    }

    /// Perceptron update: promote `good`, demote `bad`.
    pub fn update(&mut self, feats: &[u32], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        for &f in feats {
            self.add(f, good, 1.0);
            self.add(f, bad, -1.0);
        }
    }

    /// Adds `d` to the weight of `class` for every feature of `feats`.
    pub fn add_all(&mut self, feats: &[u32], class: usize, d: f32) {
        for &f in feats {
            self.add(f, class, d);
        }
    }

    /// Advances the averaging clock by `k` training instances.
    pub fn tick_by(&mut self, k: usize) {
        self.time += k as f64;
    }

    /// Advances the averaging clock by one training instance.
    pub fn tick(&mut self) {
        self.time += 1.0;
    }

    /// Number of features with a row.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The averaged weights, dropping entries whose magnitude is below `prune`.
    pub fn averaged(&self, prune: f32) -> Weights {
        let mut keys: Vec<(u32, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut flat = FlatRows::default();
        let mut weights: Vec<f32> = Vec::new();
        let mut row: Vec<(u8, f32)> = Vec::new();
        for (k, r) in keys {
            row.clear();
            row.extend(
                self.rows[r as usize]
                    .iter()
                    .map(|e| (e.class, (e.w as f64 - e.acc / self.time) as f32))
                    .filter(|&(_, w)| w.abs() >= prune && w != 0.0),
            );
            if row.is_empty() {
                continue;
            }
            row.sort_unstable_by_key(|e| e.0);
            flat.keys.push(k);
            flat.lens.push(row.len() as u32);
            for &(c, w) in &row {
                flat.classes.push(c);
                weights.push(w);
            }
        }
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        flat.scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        flat.q = weights.iter().map(|&w| quantise(w, flat.scale)).collect();
        Weights::from_flat(self.n_classes, flat)
    }
}

/// A weight as a multiple of `scale`, rounded to 16 bits.
fn quantise(w: f32, scale: f32) -> i16 {
    (w / scale).round().clamp(-32767.0, 32767.0) as i16
}

/// Rows in key order as flat arrays; weights are `q * scale`.
#[derive(Default)]
struct FlatRows {
    keys: Vec<u32>,
    lens: Vec<u32>,
    classes: Vec<u8>,
    q: Vec<i16>,
    scale: f32,
}

/// A feature's table slot: key (0 = empty) and its row: `start << 8 | len` for a sparse
/// run of `len` entries, `row << 8 | 255` for dense row number `row`.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    info: u32,
}

impl Slot {
    #[inline(always)]
    fn len(self) -> u32 {
        self.info & 0xFF
    }
    #[inline(always)]
    fn start(self) -> usize {
        (self.info >> 8) as usize
    }
}

/// Eight slots filling one cache line, keys apart from rows so that a probe compares the
/// eight keys as one vector.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Group {
    keys: [u32; 8],
    infos: [u32; 8],
}

impl Group {
    #[inline(always)]
    fn slot(&self, j: usize) -> Slot {
        Slot {
            key: self.keys[j & 7],
            info: self.infos[j & 7],
        }
    }
}

/// The 32 weights of a dense row held in one cache line.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Line([i16; 32]);

impl Line {
    /// The weights of consecutive lines as one slice.
    #[inline(always)]
    fn flatten(lines: &[Line]) -> &[i16] {
        // SAFETY: `Line` is `repr(C)` around `[i16; 32]`, with no padding (64 bytes, align
        // 64), so `lines` is `32 * len` contiguous, initialised `i16`s.
        unsafe { std::slice::from_raw_parts(lines.as_ptr() as *const i16, lines.len() * 32) }
    }
}

/// Features looked up together (their slots and rows prefetched together).
const BATCH: usize = 64;

/// `Slot::len` marking a dense row.
const DENSE: u32 = 0xFF;
/// Rows and entries are addressed with 24 bits.
const MAX_START: usize = 1 << 24;

/// The first part of serialised weights: everything but the rows' entries.
pub struct WeightsHead {
    n_classes: usize,
    scale: f32,
    keys: Vec<u32>,
    lens: Vec<u32>,
    total: usize,
}

/// Frozen weights for inference.
///
/// Rows with many classes are stored densely (vectorised adds), the others as sparse
/// (class, weight) runs.
#[derive(Clone, Default)]
pub struct Weights {
    n_classes: usize,
    /// The slots, eight to a cache line.
    slots: Vec<Group>,
    /// Number of home groups. The home group of a key is `key * homes >> 32`, which grows
    /// with the key, and rows are inserted in key order at the first free slot from the
    /// start of their home group, without wrapping around (`slots` extends past `homes` as
    /// needed): the occupied slots are then sorted by key, so a lookup stops at the first
    /// larger key, and loading fills the table front to back.
    homes: u64,
    /// Sparse entries: `class << 16 | weight` (weight quantised to i16, times `scale`).
    entries: Vec<u32>,
    scale: f32,
    /// Dense rows of quantised weights (frequent features, added with SIMD), each
    /// `lines_per_row` whole cache lines (classes past `n_classes` are zero).
    dense: Vec<Line>,
    /// The largest weight magnitude of each dense row: the AVX2 path sums dense rows in
    /// 16 bits while these add up to at most `i16::MAX`, which keeps the sums exact.
    dense_max: Vec<u16>,
    lines_per_row: usize,
    n_rows: usize,
    n_weights: usize,
}

/// Hints the CPU to fetch the cache line holding `x`.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint without memory effects; SSE is baseline on x86-64.
    #[allow(unused_unsafe)]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            x as *const T as *const i8,
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// A vector of `n` copies of `x` whose memory is backed by huge pages where the OS allows
/// (Linux transparent huge pages): the weight tables are read at random, and with 4 KiB pages
/// nearly every lookup would miss the TLB.
fn big_vec<T: Copy>(n: usize, x: T) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let bytes = n * std::mem::size_of::<T>();
        if bytes >= 2 * HUGE {
            let p = v.as_mut_ptr() as usize;
            let start = (p + 4095) & !4095;
            let end = (p + bytes) & !4095;
            if end > start {
                // SAFETY: the range lies inside the vector's own, not yet touched allocation;
                // madvise only changes how the kernel backs it.
                unsafe {
                    libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
                }
            }
        }
    }
    v.resize(n, x);
    v
}

/// An empty vector with room for `n` elements, backed by huge pages where possible (see
/// `big_vec`), without touching its memory.
fn big_vec_empty<T: Copy>(n: usize) -> Vec<T> {
    let v: Vec<T> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let bytes = n * std::mem::size_of::<T>();
        if bytes >= 2 * HUGE {
            let p = v.as_ptr() as usize;
            let start = (p + 4095) & !4095;
            let end = (p + bytes) & !4095;
            if end > start {
                // SAFETY: as in `big_vec`: advice on the vector's own untouched allocation.
                unsafe {
                    libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
                }
            }
        }
    }
    v
}

/// Bit `j` set where `keys[j] == key`.
#[inline(always)]
fn key_mask(keys: &[u32; 8], key: u32) -> u32 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is baseline on x86-64; the loads read the array's own 32 bytes.
    unsafe {
        use std::arch::x86_64::*;
        let k = _mm_set1_epi32(key as i32);
        let p = keys.as_ptr() as *const __m128i;
        let a = _mm_cmpeq_epi32(_mm_loadu_si128(p), k);
        let b = _mm_cmpeq_epi32(_mm_loadu_si128(p.add(1)), k);
        (_mm_movemask_ps(_mm_castsi128_ps(a)) | _mm_movemask_ps(_mm_castsi128_ps(b)) << 4) as u32
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut m = 0u32;
        for (j, &k) in keys.iter().enumerate() {
            m |= ((k == key) as u32) << j;
        }
        m
    }
}

/// Home group of a key in a table of `homes` home groups.
#[inline(always)]
fn home(key: u32, homes: u64) -> usize {
    ((key as u64 * homes) >> 32) as usize
}

#[inline(always)]
fn slot_of(key: u32) -> u32 {
    // Slot key 0 means empty; map feature key 0 to 1 (a tiny, harmless merge).
    if key == 0 {
        1
    } else {
        key
    }
}

/// Rows with at least this many entries are stored densely. A dense row costs a few vector
/// adds whatever its length, a sparse one a scalar add per entry, but dense rows take more
/// memory. Annotating Wikinews, thresholds of `n_classes` / 6, 9 and 12 ran at the same
/// speed (and `n_classes / 3` 15% slower); / 6 takes the least memory and counts the
/// fewest instructions plus weighted cache misses. For the parser, rows of 17 classes and
/// more: 2% of its rows, 75% of its lookups.
fn dense_min(n_classes: usize) -> usize {
    (n_classes / 6).clamp(4, 254)
}

impl Weights {
    fn from_flat(n_classes: usize, rows: FlatRows) -> Weights {
        let (classes, q) = (&rows.classes, &rows.q);
        Weights::build(n_classes, rows.scale, &rows.keys, &rows.lens, |j, _| {
            (classes[j], q[j])
        })
    }

    /// Builds the table from rows in key order: `keys[k]` has `lens[k]` entries, and
    /// `entry(j, row_start)` gives entry `j` (counted over all rows) of the row whose first
    /// entry is `row_start`, in increasing `j`.
    fn build(
        n_classes: usize,
        scale: f32,
        keys: &[u32],
        lens: &[u32],
        mut entry: impl FnMut(usize, usize) -> (u8, i16),
    ) -> Weights {
        let n = keys.len();
        // Load factor 0.5: a group of eight then holds more than its own keys (whose
        // lookups must read the next line too) about once in 50. (Measured on the Wikinews
        // corpus: 0.375 is no faster, 0.75 is 10% slower.)
        let homes = n.div_ceil(4).max(2);
        let mut slots = big_vec(homes + 1, Group::default());
        let mut last = 0u32;
        let mut next_free = 0usize;
        let dense_min = dense_min(n_classes);
        let n_sparse: usize = lens
            .iter()
            .filter(|&&l| (l as usize) < dense_min)
            .map(|&l| l as usize)
            .sum();
        let n_dense = lens.iter().filter(|&&l| l as usize >= dense_min).count();
        let mut entries = big_vec_empty(n_sparse);
        let lines_per_row = n_classes.div_ceil(32);
        let mut dense = big_vec(n_dense * lines_per_row, Line::default());
        let mut dense_max = Vec::with_capacity(n_dense);
        let mut n_dense_rows = 0usize;
        let mut at = 0usize;
        for (&key, &len) in keys.iter().zip(lens) {
            let key = slot_of(key);
            let r = at..at + len as usize;
            at += len as usize;
            let info = if len as usize >= dense_min {
                let row = n_dense_rows;
                n_dense_rows += 1;
                let base = row * lines_per_row;
                let mut max = 0u16;
                for j in r {
                    let (c, q) = entry(j, at - len as usize);
                    if let Some(line) = dense.get_mut(base + c as usize / 32) {
                        line.0[c as usize % 32] = q;
                        max = max.max(q.unsigned_abs());
                    }
                }
                dense_max.push(max);
                (row as u32) << 8 | DENSE
            } else {
                let start = entries.len();
                if start >= MAX_START {
                    // Out of address space for entries: drop the row (never reached in practice).
                    continue;
                }
                for j in r {
                    let (c, q) = entry(j, at - len as usize);
                    entries.push((c as u32) << 16 | q as u16 as u32);
                }
                (start as u32) << 8 | len
            };
            if key == last {
                // Duplicate after mapping key 0: keep the first row.
                continue;
            }
            last = key;
            let i = (home(key, homes as u64) * 8).max(next_free);
            if i / 8 >= slots.len() {
                slots.resize(i / 8 + 1, Group::default());
            }
            slots[i / 8].keys[i % 8] = key;
            slots[i / 8].infos[i % 8] = info;
            next_free = i + 1;
        }
        Weights {
            n_classes,
            slots,
            homes: homes as u64,
            entries,
            scale,
            dense,
            dense_max,
            lines_per_row,
            n_rows: n,
            n_weights: at,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features and of (feature, class) weights.
    pub fn size(&self) -> (usize, usize) {
        (self.n_rows, self.n_weights)
    }

    /// The slot of `key`, if it has a row.
    ///
    /// Occupied slots are sorted by key, and a key lies in or after its home group: compare
    /// the eight keys of the home group's cache line at once; only when the line ends with
    /// a smaller key can the key lie further on (an overfull group, rare at load factor 0.5).
    #[inline(always)]
    fn find(&self, key: u32) -> Option<Slot> {
        let key = slot_of(key);
        let mut g = home(key, self.homes);
        while let Some(group) = self.slots.get(g) {
            let m = key_mask(&group.keys, key);
            if m != 0 {
                return Some(group.slot(m.trailing_zeros() as usize));
            }
            let last = group.keys[7];
            if last == 0 || last > key {
                return None;
            }
            g += 1;
        }
        None
    }

    /// The occupied slots, in key order.
    fn occupied(&self) -> impl Iterator<Item = Slot> + '_ {
        self.slots
            .iter()
            .flat_map(|g| (0..8).map(|j| g.slot(j)))
            .filter(|s| s.key != 0)
    }

    /// The lines of a dense row (`s.len() == DENSE`).
    #[inline(always)]
    fn dense_row(&self, s: Slot) -> &[Line] {
        let lpr = self.lines_per_row;
        let lines = s.start() * lpr..(s.start() + 1) * lpr;
        self.dense.get(lines).unwrap_or_default()
    }

    /// The `class << 16 | weight` entries of a sparse row.
    #[inline(always)]
    fn sparse_run(&self, s: Slot) -> Option<&[u32]> {
        self.entries.get(s.start()..s.start() + s.len() as usize)
    }

    /// The (class, quantised weight) entries of a row.
    fn row(&self, s: Slot) -> impl Iterator<Item = (u8, i16)> + '_ {
        let (dense, sparse) = if s.len() == DENSE {
            (self.dense_row(s), &[][..])
        } else {
            (&[][..], self.sparse_run(s).unwrap_or_default())
        };
        let entry = |e: u32| ((e >> 16) as u8, e as u16 as i16);
        dense
            .iter()
            .flat_map(|line| line.0)
            .enumerate()
            .filter(|&(_, w)| w != 0)
            .map(move |(c, w)| (c as u8, w))
            .chain(sparse.iter().map(move |&e| entry(e)))
    }

    /// Adds the weights of `feats` to `scores` (length >= n_classes).
    ///
    /// Lookups are memory-bound, so they run in batches: prefetch every feature's slot,
    /// probe, prefetch the found rows, then add them up.
    #[inline]
    pub fn score(&self, feats: &[u32], scores: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has just been found to support AVX2.
            unsafe { self.score_avx2(feats, scores) };
            return;
        }
        self.score_impl(feats, scores);
    }

    /// Probes the slots of a batch of features (prefetched first) into `found`, prefetching
    /// the rows found; returns how many were found.
    #[inline(always)]
    fn find_batch(&self, chunk: &[u32], found: &mut [Slot; BATCH]) -> usize {
        for &f in chunk {
            if let Some(g) = self.slots.get(home(slot_of(f), self.homes)) {
                prefetch(g);
            }
        }
        let mut nf = 0;
        for &f in chunk.iter().take(BATCH) {
            if let Some(s) = self.find(f) {
                if s.len() == DENSE {
                    for line in self.dense_row(s) {
                        prefetch(line);
                    }
                } else if let Some(run) = self.sparse_run(s) {
                    // A run spans one to three lines.
                    for e in run.iter().step_by(16) {
                        prefetch(e);
                    }
                    if let Some(e) = run.last() {
                        prefetch(e);
                    }
                }
                found[nf] = s;
                nf += 1;
            }
        }
        nf
    }

    /// Adds a sparse row's entries to `acc`.
    #[inline(always)]
    fn add_sparse(&self, s: Slot, acc: &mut [i32; 256]) {
        for &e in self.sparse_run(s).unwrap_or_default() {
            acc[(e >> 16) as u8 as usize] += e as u16 as i16 as i32;
        }
    }

    /// Quantised weights share one scale: the sums are exact integers, scaled once.
    #[inline(always)]
    fn add_scaled(&self, acc: &[i32; 256], scores: &mut [f32]) {
        let scale = self.scale;
        for (x, &a) in scores[..self.n_classes].iter_mut().zip(acc) {
            *x += a as f32 * scale;
        }
    }

    /// The AVX2 build: dense rows of up to four lines go through `score_wide`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, feats: &[u32], scores: &mut [f32]) {
        match self.lines_per_row {
            1 => self.score_wide::<2>(feats, scores),
            2 => self.score_wide::<4>(feats, scores),
            3 => self.score_wide::<6>(feats, scores),
            4 => self.score_wide::<8>(feats, scores),
            _ => self.score_impl(feats, scores),
        }
    }

    /// Scoring with dense rows of `V` 256-bit vectors (`V / 2` lines) summed in 16 bits,
    /// in registers: a group of rows is summed while the magnitudes of their largest
    /// weights add up to at most `i16::MAX` (so no partial sum can overflow), then widened
    /// into the 32-bit sums. Gives exactly the sums of `score_impl`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn score_wide<const V: usize>(&self, feats: &[u32], scores: &mut [f32]) {
        use std::arch::x86_64::*;
        if self.slots.is_empty() || scores.len() < self.n_classes {
            return;
        }
        let mut acc = [0i32; 256];
        let mut wide = [_mm256_setzero_si256(); V];
        let mut bound = 0u32;
        // Widens the 16-bit sums into `acc` and clears them.
        let flush = |wide: &mut [__m256i; V], acc: &mut [i32; 256]| {
            for (k, w) in wide.iter_mut().enumerate() {
                let lo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(*w));
                let hi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256::<1>(*w));
                // SAFETY: 16 * V <= 128 <= 256, so both 8-lane stores are in bounds.
                let p = acc.as_mut_ptr().add(16 * k) as *mut __m256i;
                _mm256_storeu_si256(p, _mm256_add_epi32(_mm256_loadu_si256(p), lo));
                let p = p.add(1);
                _mm256_storeu_si256(p, _mm256_add_epi32(_mm256_loadu_si256(p), hi));
                *w = _mm256_setzero_si256();
            }
        };
        let mut found = [Slot::default(); BATCH];
        for chunk in feats.chunks(BATCH) {
            let nf = self.find_batch(chunk, &mut found);
            for &s in &found[..nf] {
                if s.len() != DENSE {
                    self.add_sparse(s, &mut acc);
                    continue;
                }
                let (Some(&max), Some(row)) = (
                    self.dense_max.get(s.start()),
                    self.dense
                        .get(s.start() * (V / 2)..(s.start() + 1) * (V / 2)),
                ) else {
                    continue;
                };
                if bound + max as u32 > i16::MAX as u32 {
                    flush(&mut wide, &mut acc);
                    bound = 0;
                }
                bound += max as u32;
                // SAFETY: `row` is V / 2 whole lines of 64 bytes = V aligned 32-byte vectors.
                let p = row.as_ptr() as *const __m256i;
                for (k, w) in wide.iter_mut().enumerate() {
                    *w = _mm256_add_epi16(*w, _mm256_load_si256(p.add(k)));
                }
            }
        }
        flush(&mut wide, &mut acc);
        self.add_scaled(&acc, scores);
    }

    /// The portable build.
    #[inline(always)]
    fn score_impl(&self, feats: &[u32], scores: &mut [f32]) {
        if self.slots.is_empty() || scores.len() < self.n_classes {
            return;
        }
        let mut acc = [0i32; 256];
        let mut found = [Slot::default(); BATCH];
        for chunk in feats.chunks(BATCH) {
            let nf = self.find_batch(chunk, &mut found);
            for &s in &found[..nf] {
                if s.len() == DENSE {
                    let row = self.dense_row(s);
                    let acc = &mut acc[..row.len() * 32];
                    for (x, &w) in acc.iter_mut().zip(Line::flatten(row)) {
                        *x += w as i32;
                    }
                } else {
                    self.add_sparse(s, &mut acc);
                }
            }
        }
        self.add_scaled(&acc, scores);
    }

    /// A copy without the weights below `min` in magnitude (rows left empty are dropped).
    pub fn pruned(&self, min: f32) -> Weights {
        let rows: Vec<Slot> = self.occupied().collect();
        let mut flat = FlatRows {
            scale: self.scale,
            ..FlatRows::default()
        };
        for s in rows {
            let before = flat.classes.len();
            for (c, q) in self.row(s) {
                if (q as f32 * self.scale).abs() >= min {
                    flat.classes.push(c);
                    flat.q.push(q);
                }
            }
            let len = flat.classes.len() - before;
            if len > 0 {
                flat.keys.push(s.key);
                flat.lens.push(len as u32);
            }
        }
        Weights::from_flat(self.n_classes, flat)
    }

    /// Serialises with weights quantised to 16 bits.
    pub fn write(&self, out: &mut Writer) {
        self.write_head(out);
        self.write_body(out);
    }

    fn sorted_rows(&self) -> Vec<Slot> {
        let rows: Vec<Slot> = self.occupied().collect();
        rows
    }

    /// Writes the class count, scale, keys and row lengths.
    pub fn write_head(&self, out: &mut Writer) {
        let rows: Vec<Slot> = self.occupied().collect();
        out.u32(self.n_classes as u32);
        out.f32(if self.slots.is_empty() {
            1.0
        } else {
            self.scale
        });
        out.varint(rows.len() as u64);
        let mut prev = 0u32;
        for s in &rows {
            out.varint((s.key - prev) as u64);
            prev = s.key;
        }
        for &s in &rows {
            out.varint(self.row(s).count() as u64);
        }
    }

    /// Writes the classes and weights of the rows (after `write_head`).
    pub fn write_body(&self, out: &mut Writer) {
        let rows = self.sorted_rows();
        for &s in &rows {
            let mut pc = 0u8;
            for (c, _) in self.row(s) {
                out.u8(c.wrapping_sub(pc));
                pc = c;
            }
        }
        for &s in &rows {
            for (_, q) in self.row(s) {
                out.buf.extend_from_slice(&q.to_le_bytes());
            }
        }
    }

    pub fn read(r: &mut Reader) -> Result<Weights, Error> {
        let head = Weights::read_head(r)?;
        Weights::read_body(head, r)
    }

    /// Reads what `write_head` wrote.
    pub fn read_head(r: &mut Reader) -> Result<WeightsHead, Error> {
        let bad = |m: &str| Error::Model(m.to_string());
        let n_classes = r.u32()? as usize;
        if n_classes > 256 {
            return Err(bad("too many classes"));
        }
        let scale = r.f32()?;
        let n = r.len(2)?;
        if !(scale.is_finite() && scale > 0.0) {
            return Err(bad("bad weight scale"));
        }
        let mut keys = Vec::with_capacity(n);
        let mut lens = Vec::with_capacity(n);
        let mut prev = 0u32;
        for _ in 0..n {
            let d = u32::try_from(r.varint()?).map_err(|_| bad("bad key"))?;
            prev = prev.checked_add(d).ok_or_else(|| bad("bad key"))?;
            keys.push(prev);
        }
        let mut total = 0usize;
        for _ in 0..n {
            let l = r.varint()?;
            if l > n_classes as u64 {
                return Err(bad("row too long"));
            }
            total += l as usize;
            lens.push(l as u32);
        }
        Ok(WeightsHead {
            n_classes,
            scale,
            keys,
            lens,
            total,
        })
    }

    /// Reads what `write_body` wrote, given the head.
    pub fn read_body(head: WeightsHead, r: &mut Reader) -> Result<Weights, Error> {
        let bad = |m: &str| Error::Model(m.to_string());
        let WeightsHead {
            n_classes,
            scale,
            keys,
            lens,
            total,
        } = head;
        // Classes are stored as differences within a row; weights as i16 LE. Both are used
        // straight from the decompressed buffer.
        let cls_bytes = r.take(total)?;
        let w_bytes = r.take(total.checked_mul(2).ok_or_else(|| bad("size"))?)?;
        let mut at = 0usize;
        for &l in &lens {
            let mut pc = 0u8;
            for &d in &cls_bytes[at..at + l as usize] {
                pc = pc.wrapping_add(d);
                if pc as usize >= n_classes {
                    return Err(bad("class out of range"));
                }
            }
            at += l as usize;
        }
        let mut pc = 0u8;
        Ok(Weights::build(
            n_classes,
            scale,
            &keys,
            &lens,
            |j, start| {
                pc = if j == start { 0 } else { pc };
                pc = pc.wrapping_add(cls_bytes[j]);
                (pc, i16::from_le_bytes([w_bytes[2 * j], w_bytes[2 * j + 1]]))
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        // Class = which of features 10/20/30 is present; feature 5 is noise.
        let data: Vec<(Vec<u32>, usize)> = vec![
            (vec![10, 5], 0),
            (vec![20, 5], 1),
            (vec![30], 2),
            (vec![10], 0),
            (vec![20], 1),
            (vec![30, 5], 2),
        ];
        let mut t = Trainer::new(3);
        for _ in 0..5 {
            for (f, y) in &data {
                let mut s = [0f32; 3];
                t.score(f, &mut s);
                let guess = (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap();
                if guess != *y {
                    t.update(f, *y, guess);
                }
                t.tick();
            }
        }
        let w = t.averaged(0.0);
        let mut out = Writer::default();
        w.write(&mut out);
        let w2 = Weights::read(&mut Reader::new(&out.buf)).unwrap();
        for (f, y) in &data {
            for w in [&w, &w2] {
                let mut s = [0f32; 3];
                w.score(f, &mut s);
                let guess = (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap();
                assert_eq!(guess, *y);
            }
        }
        // Unknown features score nothing.
        let mut s = [0f32; 3];
        w2.score(&[12345, 0], &mut s);
        assert_eq!(s, [0.0; 3]);
    }

    /// The weight magnitude of key `k` in `test_table`: near the 16-bit limit for every
    /// fifth key, so that the AVX2 path's 16-bit sums must be widened often.
    fn test_weight(k: u32) -> i16 {
        if k.is_multiple_of(5) {
            i16::MAX - (k % 1000) as i16
        } else {
            (k % 1000) as i16 + 1
        }
    }

    fn test_table() -> (Vec<u32>, Weights) {
        // Clustered and extreme keys: probes run past their home slots, and lookups of
        // absent keys must stop at the first larger key without missing present ones.
        let mut keys: Vec<u32> = (0..3000u32)
            .map(|i| i.wrapping_mul(2_654_435_761))
            .collect();
        keys.extend(1000..1200);
        keys.extend([1, 2, u32::MAX - 1, u32::MAX]);
        // (Key 0 would share a slot with key 1.)
        keys.retain(|&k| k != 0);
        keys.sort_unstable();
        keys.dedup();
        let n_classes = 40;
        let mut flat = FlatRows {
            scale: 0.5,
            ..FlatRows::default()
        };
        for (i, &k) in keys.iter().enumerate() {
            // Row lengths 1..=20: sparse and dense rows.
            let len = 1 + i % 20;
            flat.keys.push(k);
            flat.lens.push(len as u32);
            for c in 0..len {
                flat.classes.push(((i + c) % n_classes) as u8);
                flat.q
                    .push(test_weight(k) * if c % 2 == 0 { 1 } else { -1 });
            }
        }
        (keys, Weights::from_flat(n_classes, flat))
    }

    #[test]
    fn table_finds_every_key_and_only_those() {
        let (keys, w) = test_table();
        let n_classes = w.n_classes();
        let mut out = Writer::default();
        w.write(&mut out);
        let w2 = Weights::read(&mut Reader::new(&out.buf)).unwrap();
        for w in [&w, &w2] {
            for (i, &k) in keys.iter().enumerate() {
                let mut s = vec![0f32; n_classes];
                w.score(&[k], &mut s);
                let expect = test_weight(k) as f32 * 0.5;
                assert_eq!(s[i % n_classes], expect, "key {k}");
                assert_eq!(s.iter().filter(|&&x| x != 0.0).count(), 1 + i % 20);
            }
            for k in [3u32, 999, 1200, 5000, u32::MAX - 2] {
                let mut s = vec![0f32; n_classes];
                w.score(&[k], &mut s);
                assert!(s.iter().all(|&x| x == 0.0), "absent key {k}");
            }
        }
    }

    #[test]
    fn dense_sums_past_16_bits_stay_exact() {
        // 300 dense rows, each with its largest weight on class 0; their sum is far beyond
        // 16 bits, and the middle class sums cancel.
        let n_classes = 100;
        let mut flat = FlatRows {
            scale: 1.0,
            ..FlatRows::default()
        };
        let keys: Vec<u32> = (1..=300).collect();
        for &k in &keys {
            flat.keys.push(k);
            flat.lens.push(n_classes as u32);
            for c in 0..n_classes {
                flat.classes.push(c as u8);
                let w = match c {
                    0 => i16::MAX - (k % 7) as i16,
                    99 => -(k as i16),
                    _ if k % 2 == 0 => 20_000,
                    _ => -20_000,
                };
                flat.q.push(w);
            }
        }
        let w = Weights::from_flat(n_classes, flat);
        let (mut a, mut b) = (vec![0f32; n_classes], vec![0f32; n_classes]);
        w.score(&keys, &mut a);
        w.score_impl(&keys, &mut b);
        let top: i64 = keys.iter().map(|&k| i16::MAX as i64 - (k % 7) as i64).sum();
        assert_eq!(a[0], top as f32);
        assert_eq!(a[99], -(300.0 * 301.0 / 2.0));
        assert_eq!(a[50], 0.0);
        assert_eq!(a, b);
    }

    #[test]
    fn key_mask_marks_equal_keys() {
        let keys = [5u32, 0, 7, 7, u32::MAX, 1, 9, 5];
        for key in [0, 1, 3, 5, 7, 9, u32::MAX] {
            let naive = (0..8).fold(0, |m, j| m | ((keys[j] == key) as u32) << j);
            assert_eq!(key_mask(&keys, key), naive, "key {key}");
        }
    }

    #[test]
    fn wide_and_baseline_scoring_agree() {
        // `score` takes the AVX2 build where the CPU has it; `score_impl` is the baseline.
        let (keys, w) = test_table();
        for (i, feats) in keys.chunks(70).enumerate() {
            let mut feats = feats.to_vec();
            feats.extend([3, 999 + i as u32, 5000]);
            let (mut a, mut b) = (vec![0f32; 40], vec![0f32; 40]);
            w.score(&feats, &mut a);
            w.score_impl(&feats, &mut b);
            assert_eq!(a, b);
            assert!(a.iter().any(|&x| x != 0.0));
        }
    }
}
