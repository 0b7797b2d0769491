//! Greedy arc-hybrid transition parser (averaged perceptron, dynamic oracle).
//!
//! The artificial ROOT sits at the end of the buffer (index `n`); it may take a dependent only
//! when the stack holds exactly one word, so every parse is a tree with exactly one root.
//! Training uses the dynamic oracle of Goldberg & Nivre (2013) with exploration; gold trees
//! are projectivized first by lifting non-projective arcs to the grandparent.

use dyad_text::{DepRel, NO_HEAD};

use crate::hash::{feat, mix, Rng};
use crate::io::{Reader, Writer};
use crate::perceptron::{Trainer, Weights, WeightsHead};
use crate::words::WordInfo;
use crate::Error;

/// "No token" in stack/child slots.
pub(crate) const NONE: u32 = u32::MAX;

const W_NONE: u64 = 0x00E0_0000_0000_0001;
const W_ROOT: u64 = 0x0200_0000_0000_0003;

/// A transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    /// Attach the stack top to the buffer front (label index) and pop it.
    Left(u8),
    /// Attach the stack top to the word below it (label index) and pop it.
    Right(u8),
}

/// A parser configuration (reused between sentences: no allocation once grown).
#[derive(Default, Clone)]
pub(crate) struct State {
    pub n: usize,
    pub stack: Vec<u32>,
    pub b: usize,
    /// Head of each word (`n` = ROOT), `NONE` while unattached. Length `n + 1`.
    pub heads: Vec<u32>,
    /// Label index of each attached word.
    pub labels: Vec<u8>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u16>,
    nr: Vec<u16>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

fn reset_vec<T: Copy>(v: &mut Vec<T>, n: usize, x: T) {
    v.clear();
    v.resize(n, x);
}

impl State {
    pub fn reset(&mut self, n: usize) {
        self.n = n;
        self.b = 0;
        self.stack.clear();
        reset_vec(&mut self.heads, n + 1, NONE);
        reset_vec(&mut self.labels, n + 1, 0);
        reset_vec(&mut self.lc1, n + 1, NONE);
        reset_vec(&mut self.lc2, n + 1, NONE);
        reset_vec(&mut self.rc1, n + 1, NONE);
        reset_vec(&mut self.rc2, n + 1, NONE);
        reset_vec(&mut self.nl, n + 1, 0);
        reset_vec(&mut self.nr, n + 1, 0);
        reset_vec(&mut self.lset, n + 1, 0);
        reset_vec(&mut self.rset, n + 1, 0);
    }

    /// Makes this state a copy of `o`, reusing its buffers.
    pub fn copy_from(&mut self, o: &State) {
        self.n = o.n;
        self.b = o.b;
        self.stack.clone_from(&o.stack);
        self.heads.clone_from(&o.heads);
        self.labels.clone_from(&o.labels);
        self.lc1.clone_from(&o.lc1);
        self.lc2.clone_from(&o.lc2);
        self.rc1.clone_from(&o.rc1);
        self.rc2.clone_from(&o.rc2);
        self.nl.clone_from(&o.nl);
        self.nr.clone_from(&o.nr);
        self.lset.clone_from(&o.lset);
        self.rset.clone_from(&o.rset);
    }

    pub fn is_terminal(&self) -> bool {
        self.b >= self.n && self.stack.is_empty()
    }

    pub fn can_shift(&self) -> bool {
        self.b < self.n
    }

    pub fn can_left(&self) -> bool {
        !self.stack.is_empty() && (self.b < self.n || self.stack.len() == 1)
    }

    pub fn can_right(&self) -> bool {
        self.stack.len() >= 2
    }

    /// Applies a move; the caller guarantees it is valid.
    pub fn apply(&mut self, mv: Move) {
        match mv {
            Move::Shift => {
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            Move::Left(l) => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.b as u32, d, l);
                }
            }
            Move::Right(l) => {
                if let Some(d) = self.stack.pop() {
                    if let Some(&h) = self.stack.last() {
                        self.attach(h, d, l);
                    }
                }
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32, l: u8) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = l;
        if d < h {
            // Left children arrive right to left: the newest is the leftmost.
            self.lc2[hu] = self.lc1[hu];
            self.lc1[hu] = d;
            self.nl[hu] = self.nl[hu].saturating_add(1);
            self.lset[hu] |= 1u64 << (l % 64);
        } else {
            self.rc2[hu] = self.rc1[hu];
            self.rc1[hu] = d;
            self.nr[hu] = self.nr[hu].saturating_add(1);
            self.rset[hu] |= 1u64 << (l % 64);
        }
    }

    /// Unlabeled costs of (SHIFT, LEFT, RIGHT) against gold heads `gh` (ROOT = `n`):
    /// the number of gold arcs each move makes unreachable; `u32::MAX` when invalid.
    pub fn costs(&self, gh: &[u32]) -> [u32; 3] {
        let n = self.n as u32;
        let b = self.b as u32;
        let sl = self.stack.len();
        let s0 = if sl > 0 { self.stack[sl - 1] } else { NONE };
        let s1 = if sl > 1 { self.stack[sl - 2] } else { NONE };
        let mut out = [u32::MAX; 3];
        if self.can_shift() {
            let gb = gh[b as usize];
            let mut c = 0;
            for (i, &k) in self.stack.iter().enumerate() {
                c += (gh[k as usize] == b) as u32;
                c += (gb == k && i + 1 != sl) as u32;
            }
            c += (gb == n && sl > 0) as u32;
            out[0] = c;
        }
        if sl > 0 {
            let deps = (self.b..self.n).filter(|&k| gh[k] == s0).count() as u32;
            let h = gh[s0 as usize];
            if self.can_left() {
                let lost = if h == b {
                    0
                } else {
                    (h == s1 || (h > b && h < n) || (h == n && sl == 1)) as u32
                };
                out[1] = lost + deps;
            }
            if self.can_right() {
                let lost = (h != s1 && h >= b && h < n) as u32;
                out[2] = lost + deps;
            }
        }
        out
    }
}

/// Lifts non-projective arcs (shortest first) to the grandparent until the tree is
/// projective. `heads` use `n` for ROOT.
pub(crate) fn projectivize(heads: &mut [u32]) {
    let n = heads.len();
    let descends = |heads: &[u32], a: usize, mut k: usize| -> bool {
        let mut steps = 0;
        while k != a {
            if k >= n || steps > n {
                return false;
            }
            k = heads[k] as usize;
            steps += 1;
        }
        true
    };
    for _ in 0..n * n {
        let mut best: Option<(usize, usize)> = None;
        for d in 0..n {
            let h = heads[d] as usize;
            if h >= n {
                continue;
            }
            let (lo, hi) = if h < d { (h, d) } else { (d, h) };
            if (lo + 1..hi).any(|k| !descends(heads, h, k)) && best.is_none_or(|b| hi - lo < b.0) {
                best = Some((hi - lo, d));
            }
        }
        match best {
            None => return,
            Some((_, d)) => heads[d] = heads[heads[d] as usize],
        }
    }
}

/// Whether a tree (`n` = ROOT) is projective.
#[cfg(test)]
pub(crate) fn is_projective(heads: &[u32]) -> bool {
    let mut h = heads.to_vec();
    projectivize(&mut h);
    h == heads
}

/// Feature values of the words of a configuration, by index (`NONE` and ROOT included).
struct Positions<'a> {
    st: &'a State,
    words: &'a [WordInfo],
    tags: &'a [u8],
}

impl Positions<'_> {
    #[inline(always)]
    fn word(&self, i: u32) -> u64 {
        if i == NONE {
            W_NONE
        } else if i as usize >= self.st.n {
            W_ROOT
        } else {
            self.words[i as usize].norm
        }
    }

    #[inline(always)]
    fn tag(&self, i: u32) -> u64 {
        if i == NONE {
            0
        } else if i as usize >= self.st.n {
            1
        } else {
            self.tags[i as usize] as u64 + 2
        }
    }

    #[inline(always)]
    fn label(&self, i: u32) -> u64 {
        if i == NONE {
            0
        } else {
            self.st.labels[i as usize] as u64 + 1
        }
    }
}

/// Feature keys of a configuration.
pub(crate) fn features(st: &State, words: &[WordInfo], tags: &[u8], out: &mut Vec<u32>) {
    let n = st.n;
    let pos = Positions { st, words, tags };
    let (w, t, l) = (|i| pos.word(i), |i| pos.tag(i), |i| pos.label(i));
    let ch = |v: &[u32], i: u32| -> u32 {
        if i == NONE {
            NONE
        } else {
            v[i as usize]
        }
    };
    let val = |v: &[u16], i: u32| -> u64 {
        if i == NONE {
            99
        } else {
            v[i as usize].min(6) as u64
        }
    };
    let set = |v: &[u64], i: u32| -> u64 {
        if i == NONE {
            1
        } else {
            v[i as usize]
        }
    };
    let sl = st.stack.len();
    let s0 = if sl > 0 { st.stack[sl - 1] } else { NONE };
    let s1 = if sl > 1 { st.stack[sl - 2] } else { NONE };
    let s2 = if sl > 2 { st.stack[sl - 3] } else { NONE };
    let n0 = st.b as u32;
    let n1 = if st.b < n { n0 + 1 } else { NONE };
    let n2 = if st.b + 1 < n { n0 + 2 } else { NONE };
    let (s0l, s0l2, s0r, s0r2) = (
        ch(&st.lc1, s0),
        ch(&st.lc2, s0),
        ch(&st.rc1, s0),
        ch(&st.rc2, s0),
    );
    let (s1l, s1r) = (ch(&st.lc1, s1), ch(&st.rc1, s1));
    let (n0l, n0l2) = (ch(&st.lc1, n0), ch(&st.lc2, n0));
    let d = if s0 == NONE {
        0
    } else {
        (n0 - s0).min(10) as u64
    };
    let ds = if s1 == NONE {
        0
    } else {
        (s0 - s1).min(10) as u64
    };
    let (s0w, s0t, n0w, n0t) = (w(s0), t(s0), w(n0), t(n0));
    let (s1w, s1t, n1w, n1t) = (w(s1), t(s1), w(n1), t(n1));
    let (n2w, n2t, s2w, s2t) = (w(n2), t(n2), w(s2), t(s2));
    let (s0wt, n0wt, s1wt, n1wt) = (mix(s0w, s0t), mix(n0w, n0t), mix(s1w, s1t), mix(n1w, n1t));
    let (s0lt, s0rt, s1lt, s1rt, n0lt) = (t(s0l), t(s0r), t(s1l), t(s1r), t(n0l));
    let depth = sl.min(4) as u64;
    out.clear();
    out.extend_from_slice(&[
        feat(0, 0, 0, 0),
        feat(1, s0w, 0, 0),
        feat(2, s0t, 0, 0),
        feat(3, s0wt, 0, 0),
        feat(4, n0w, 0, 0),
        feat(5, n0t, 0, 0),
        feat(6, n0wt, 0, 0),
        feat(7, n1w, 0, 0),
        feat(8, n1t, 0, 0),
        feat(9, n1wt, 0, 0),
        feat(10, n2w, 0, 0),
        feat(11, n2t, 0, 0),
        feat(12, s1w, 0, 0),
        feat(13, s1t, 0, 0),
        feat(14, s1wt, 0, 0),
        feat(15, s2w, 0, 0),
        feat(16, s2t, 0, 0),
        // pairs
        feat(17, s0wt, n0wt, 0),
        feat(18, s0wt, n0w, 0),
        feat(19, s0w, n0wt, 0),
        feat(20, s0wt, n0t, 0),
        feat(21, s0t, n0wt, 0),
        feat(22, s0w, n0w, 0),
        feat(23, s0t, n0t, 0),
        feat(24, n0t, n1t, 0),
        feat(25, s1w, s0w, 0),
        feat(26, s1t, s0t, 0),
        feat(27, s1t, s0w, 0),
        feat(28, s1w, s0t, 0),
        feat(29, s1wt, s0wt, 0),
        feat(30, n0w, n1w, 0),
        feat(31, n0t, n1w, 0),
        feat(32, n0w, n1t, 0),
        // tag triples
        feat(33, n0t, n1t, n2t),
        feat(34, s0t, n0t, n1t),
        feat(35, s1t, s0t, n0t),
        feat(36, mix(s0t, s0lt), n0t, 0),
        feat(37, mix(s0t, s0rt), n0t, 0),
        feat(38, s0t, n0t, n0lt),
        feat(39, s1t, s0t, s0lt),
        feat(40, s1t, s0t, s0rt),
        feat(41, s1t, s1rt, s0t),
        feat(42, s1t, s1lt, s0t),
        feat(43, s2t, s1t, s0t),
        feat(44, s1t, s0t, n1t),
        // distance
        feat(45, s0w, d, 0),
        feat(46, s0t, d, 0),
        feat(47, n0w, d, 0),
        feat(48, n0t, d, 0),
        feat(49, s0w, n0w, d),
        feat(50, s0t, n0t, d),
        feat(51, s1t, s0t, ds),
        feat(52, s1w, s0w, ds),
        feat(53, s1t, n0t, ds + 16 * d),
        // valency
        feat(54, s0w, val(&st.nr, s0), 0),
        feat(55, s0t, val(&st.nr, s0), 0),
        feat(56, s0w, val(&st.nl, s0), 0),
        feat(57, s0t, val(&st.nl, s0), 0),
        feat(58, n0w, val(&st.nl, n0), 0),
        feat(59, n0t, val(&st.nl, n0), 0),
        feat(60, s1t, val(&st.nr, s1), 0),
        feat(61, s1t, val(&st.nl, s1), 0),
        // children
        feat(62, w(s0l), 0, 0),
        feat(63, s0lt, 0, 0),
        feat(64, l(s0l), 0, 0),
        feat(65, w(s0r), 0, 0),
        feat(66, s0rt, 0, 0),
        feat(67, l(s0r), 0, 0),
        feat(68, w(s0l2), t(s0l2), 0),
        feat(69, l(s0l2), 0, 0),
        feat(70, w(s0r2), t(s0r2), 0),
        feat(71, l(s0r2), 0, 0),
        feat(72, w(n0l), 0, 0),
        feat(73, n0lt, 0, 0),
        feat(74, l(n0l), 0, 0),
        feat(75, w(n0l2), t(n0l2), 0),
        feat(76, l(n0l2), 0, 0),
        feat(77, w(s1l), s1lt, 0),
        feat(78, l(s1l), 0, 0),
        feat(79, w(s1r), s1rt, 0),
        feat(80, l(s1r), 0, 0),
        feat(81, s0t, l(s0l), l(s0l2)),
        feat(82, s0t, l(s0r), l(s0r2)),
        feat(83, n0t, l(n0l), l(n0l2)),
        feat(84, s0t, l(s0l), n0t),
        feat(85, s0t, l(s0r), n0t),
        // label sets
        feat(86, s0w, set(&st.lset, s0), 0),
        feat(87, s0t, set(&st.lset, s0), 0),
        feat(88, s0w, set(&st.rset, s0), 0),
        feat(89, s0t, set(&st.rset, s0), 0),
        feat(90, n0w, set(&st.lset, n0), 0),
        feat(91, n0t, set(&st.lset, n0), 0),
        feat(92, s1t, set(&st.rset, s1), 0),
        // stack depth
        feat(93, depth, n0t, 0),
        feat(94, depth, s0t, n0t),
    ]);
}

/// Distance bucket: 1, 2, 3, 4, 5-6, 7-9, 10+.
fn dist_bucket(a: u32, b: u32) -> u64 {
    match a.abs_diff(b) {
        0..=4 => a.abs_diff(b) as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Feature keys for labelling the arc `h -> d` about to be made in `st` (the labeller of a
/// parser with unlabelled transitions). `d` is complete: its children and their labels are
/// known; `h` has the children attached so far.
pub(crate) fn label_features(
    st: &State,
    words: &[WordInfo],
    tags: &[u8],
    h: u32,
    d: u32,
    out: &mut Vec<u32>,
) {
    let n = st.n;
    let pos = Positions { st, words, tags };
    let (w, t, l) = (|i| pos.word(i), |i| pos.tag(i), |i| pos.label(i));
    let at = |v: &[u32], i: u32| -> u32 {
        if i == NONE || i as usize > n {
            NONE
        } else {
            v[i as usize]
        }
    };
    let left = d < h;
    let dir = left as u64;
    let dist = dist_bucket(h, d);
    let (dw, dt, hw, ht) = (w(d), t(d), w(h), t(h));
    let (dl, dr) = (at(&st.lc1, d), at(&st.rc1, d));
    let (dl2, dr2) = (at(&st.lc2, d), at(&st.rc2, d));
    // The sibling nearest to `d` on its side of `h`, and the labels `h` has on that side.
    let (sib, hset) = if left {
        (
            at(&st.lc1, h),
            st.lset.get(h as usize).copied().unwrap_or(0),
        )
    } else {
        (
            at(&st.rc1, h),
            st.rset.get(h as usize).copied().unwrap_or(0),
        )
    };
    let (dlset, drset) = (st.lset[d as usize], st.rset[d as usize]);
    let prev = |i: u32| if i == 0 || i == NONE { NONE } else { i - 1 };
    let next = |i: u32| {
        if i == NONE || i as usize + 1 >= n {
            NONE
        } else {
            i + 1
        }
    };
    let dinfo = &words[d as usize];
    let dtd = mix(dt, dir);
    let htd = mix(ht, dir);
    let below = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let below = if below == h { NONE } else { below };
    out.clear();
    out.extend_from_slice(&[
        feat(200, dir, 0, 0),
        feat(201, dw, dir, 0),
        feat(202, dtd, 0, 0),
        feat(203, dw, dt, dir),
        feat(204, hw, dir, 0),
        feat(205, htd, 0, 0),
        feat(206, dtd, ht, 0),
        feat(207, dw, htd, 0),
        feat(208, dtd, hw, 0),
        feat(209, dw, hw, dir),
        feat(210, dtd, ht, dist),
        feat(211, dtd, l(sib), t(sib)),
        feat(212, dtd, ht, l(sib)),
        feat(213, dtd, ht, hset),
        feat(214, dt, dlset, drset),
        feat(215, dtd, t(dl), t(dr)),
        feat(216, dw, t(dl), l(dl)),
        feat(217, dtd, l(dl), l(dl2)),
        feat(218, dtd, l(dr), l(dr2)),
        feat(219, dtd, w(dl), 0),
        feat(220, dtd, w(dr), 0),
        feat(221, mix(t(prev(d)), dt), t(next(d)), 0),
        feat(222, dtd, t(next(d)), ht),
        feat(223, dtd, t(prev(d)), ht),
        feat(224, htd, t(next(h)), dt),
        feat(225, htd, t(prev(h)), dt),
        feat(226, dinfo.suf[2], htd, 0),
        feat(227, dinfo.suf[1], dt, 0),
        feat(228, dinfo.flags, dtd, ht),
        feat(229, hw, dtd, dist),
        feat(230, dtd, ht, t(below)),
        feat(
            231,
            dtd,
            ht,
            (d == 0) as u64 | ((d as usize + 1 == n) as u64) << 1,
        ),
        feat(232, dtd, ht, hset & drset.wrapping_mul(31)),
        feat(233, dw, hw, dt),
        feat(234, w(prev(d)), dtd, 0),
        feat(235, dtd, ht, w(next(h))),
    ]);
}

/// The parser: label set and weights.
#[derive(Clone, Default)]
pub struct Parser {
    pub(crate) labels: Vec<DepRel>,
    pub(crate) root: u8,
    /// Transition weights: three unlabelled moves when `labeler` is present, else one class
    /// per move and label.
    pub(crate) weights: Weights,
    /// Arc labeller (format 4): picks the label of each arc the transitions make, from
    /// features of the finished dependent and its head.
    pub(crate) labeler: Option<Weights>,
    /// Beam width of parsing (1: greedy). Labelled transitions only.
    pub(crate) beam: u8,
}

/// Unlabelled transition classes: shift, left, right.
const UNLABELLED: usize = 3;

impl Parser {
    pub(crate) fn prune(&mut self, min: f32) {
        self.weights = self.weights.pruned(min);
        if let Some(l) = &mut self.labeler {
            *l = l.pruned(min);
        }
    }

    /// (features, weights) of transitions and labeller together.
    pub(crate) fn weights_size(&self) -> (usize, usize) {
        let (a, b) = self.weights.size();
        let (c, d) = self.labeler.as_ref().map_or((0, 0), |l| l.size());
        (a + c, b + d)
    }

    /// The label index of `punct`, if the parser has it.
    pub(crate) fn punct_label(&self) -> Option<u8> {
        let punct = DepRel::from_name("punct")?;
        self.labels
            .iter()
            .position(|&l| l == punct)
            .map(|i| i as u8)
    }

    fn n_labels(&self) -> usize {
        self.labels.len()
    }

    pub(crate) fn n_classes_for(n_labels: usize) -> usize {
        1 + 2 * n_labels
    }

    pub(crate) fn n_classes(&self) -> usize {
        if self.labeler.is_some() {
            UNLABELLED
        } else {
            Self::n_classes_for(self.n_labels())
        }
    }

    /// The move of class `c` (label 0 for unlabelled moves: see `label_move`).
    pub(crate) fn decode(&self, c: usize) -> Move {
        if self.labeler.is_some() {
            return match c {
                0 => Move::Shift,
                1 => Move::Left(0),
                _ => Move::Right(0),
            };
        }
        let nl = self.n_labels();
        if c == 0 {
            Move::Shift
        } else if c <= nl {
            Move::Left((c - 1) as u8)
        } else {
            Move::Right((c - 1 - nl) as u8)
        }
    }

    /// The class of a labelled move (inverse of `decode`).
    pub(crate) fn encode(&self, mv: Move) -> usize {
        let nl = self.n_labels();
        match mv {
            Move::Shift => 0,
            Move::Left(l) => 1 + l as usize,
            Move::Right(l) => 1 + nl + l as usize,
        }
    }

    /// Calls `f` with every valid class in `st`, in class order.
    pub(crate) fn for_each_valid(&self, st: &State, mut f: impl FnMut(usize)) {
        if self.labeler.is_some() {
            for (c, ok) in [st.can_shift(), st.can_left(), st.can_right()]
                .into_iter()
                .enumerate()
            {
                if ok {
                    f(c);
                }
            }
            return;
        }
        let nl = self.n_labels();
        let root = self.root as usize;
        if st.can_shift() {
            f(0);
        }
        if st.can_left() {
            if st.b >= st.n {
                f(1 + root);
            } else {
                (0..nl).filter(|&l| l != root).for_each(|l| f(1 + l));
            }
        }
        if st.can_right() {
            (0..nl).filter(|&l| l != root).for_each(|l| f(1 + nl + l));
        }
    }

    /// Costs of every class in `st` against gold heads and label indices: the gold arcs the
    /// move makes unreachable, plus one for a wrong label with labelled transitions
    /// (`u32::MAX` when the move is invalid).
    pub(crate) fn move_costs(&self, st: &State, heads: &[u32], labels: &[u8], cost: &mut Vec<u32>) {
        let nl = self.n_labels();
        cost.clear();
        cost.resize(self.n_classes(), u32::MAX);
        let [cs, cl, cr] = st.costs(heads);
        cost[0] = cs;
        if self.labeler.is_some() {
            // Unlabelled transitions: the labeller is trained apart.
            cost[1] = cl;
            cost[2] = cr;
            return;
        }
        let g = st.stack.last().map_or(u8::MAX, |&s0| labels[s0 as usize]);
        for l in 0..nl {
            let wrong = (l as u8 != g) as u32;
            cost[1 + l] = cl.saturating_add(wrong);
            cost[1 + nl + l] = cr.saturating_add(wrong);
        }
    }

    /// The best label other than `root` by `scores`.
    fn best_label(&self, scores: &[f32]) -> u8 {
        let mut best = (0u8, f32::NEG_INFINITY);
        for (l, &x) in scores.iter().enumerate().take(self.n_labels()) {
            if l != self.root as usize && x > best.1 {
                best = (l as u8, x);
            }
        }
        best.0
    }

    /// Gives an unlabelled move its label: `root` for the attachment to ROOT, the
    /// labeller's choice for other arcs. Moves of a labelled parser pass unchanged.
    fn label_move(
        &self,
        st: &State,
        words: &[WordInfo],
        tags: &[u8],
        mv: Move,
        feats: &mut Vec<u32>,
        scores: &mut Vec<f32>,
    ) -> Move {
        let Some(labeler) = &self.labeler else {
            return mv;
        };
        match arc_of(st, mv) {
            Some((h, d)) => {
                label_features(st, words, tags, h, d, feats);
                scores.clear();
                scores.resize(self.n_labels(), 0.0);
                labeler.score(feats, scores);
                with_label(mv, self.best_label(scores))
            }
            None => with_label(mv, self.root),
        }
    }

    /// The move to make in `st` when only one is possible (it is not scored): a shift onto
    /// an empty stack, and the last word's attachment to ROOT.
    pub(crate) fn forced(&self, st: &State) -> Option<Move> {
        match (st.can_shift(), st.can_left(), st.can_right()) {
            (true, false, false) => Some(Move::Shift),
            (false, true, false) if st.b >= st.n => Some(Move::Left(self.root)),
            _ => None,
        }
    }

    /// The best valid class by `scores`, among those with `allowed(class)`.
    pub(crate) fn best_valid(
        &self,
        st: &State,
        scores: &[f32],
        allowed: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        self.for_each_valid(st, |c| {
            if allowed(c) && best.is_none_or(|b| scores[c] > b.1) {
                best = Some((c, scores[c]));
            }
        });
        best.map(|b| b.0)
    }

    /// Parses a sentence; the result is left in `st.heads` / `st.labels`.
    pub(crate) fn parse(
        &self,
        words: &[WordInfo],
        tags: &[u8],
        st: &mut State,
        feats: &mut Vec<u32>,
        scores: &mut Vec<f32>,
    ) {
        if self.beam > 1 && self.labeler.is_none() {
            crate::beam::parse(self, words, tags, st);
            return;
        }
        let n = words.len();
        st.reset(n);
        let nc = self.n_classes();
        while !st.is_terminal() {
            if let Some(mv) = self.forced(st) {
                st.apply(mv);
                continue;
            }
            features(st, words, tags, feats);
            scores.clear();
            scores.resize(nc, 0.0);
            self.weights.score(feats, scores);
            match self.best_valid(st, scores, |_| true) {
                Some(c) => {
                    let mv = self.label_move(st, words, tags, self.decode(c), feats, scores);
                    st.apply(mv);
                }
                None => break,
            }
        }
    }

    /// Converts a finished state to sentence-level heads (`NO_HEAD` for the root) and
    /// relations, writing through `put(word, head, rel)`.
    pub(crate) fn read_out(&self, st: &State, mut put: impl FnMut(usize, u32, DepRel)) {
        let n = st.n;
        for i in 0..n {
            let h = st.heads[i];
            if h == NONE || h as usize >= n {
                let rel = self
                    .labels
                    .get(self.root as usize)
                    .copied()
                    .unwrap_or_default();
                put(i, NO_HEAD, rel);
            } else {
                let rel = self
                    .labels
                    .get(st.labels[i] as usize)
                    .copied()
                    .unwrap_or_default();
                put(i, h, rel);
            }
        }
    }

    /// Writes all but the weights' row entries (`write_body`), which can be stored apart.
    pub(crate) fn write_head(&self, w: &mut Writer) {
        w.varint(self.labels.len() as u64);
        for l in &self.labels {
            w.u8(l.0);
        }
        w.u8(self.root);
        self.weights.write_head(w);
        match &self.labeler {
            Some(l) => {
                w.u8(1);
                l.write(w);
            }
            None => w.u8(0),
        }
        w.u8(self.beam.max(1));
    }

    pub(crate) fn write_body(&self, w: &mut Writer) {
        self.weights.write_body(w);
    }

    /// Reads what `write_head` and `write_body` wrote, from two readers. Formats before 4
    /// have no labeller flag, formats before 5 no beam width.
    pub(crate) fn read_split(
        head: &mut Reader,
        body: &mut Reader,
        version: u8,
    ) -> Result<Parser, Error> {
        let (labels, root, h) = Self::read_head(head)?;
        let labeler = if version >= 4 && head.u8()? == 1 {
            Some(Weights::read(head)?)
        } else {
            None
        };
        let beam = if version >= 5 { head.u8()?.max(1) } else { 1 };
        let mut p = Self::finish_read(labels, root, Weights::read_body(h, body)?, labeler)?;
        p.beam = beam;
        Ok(p)
    }

    fn read_head(r: &mut Reader) -> Result<(Vec<DepRel>, u8, WeightsHead), Error> {
        let n = r.len(1)?;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            let l = DepRel(r.u8()?);
            if l.0 as usize >= DepRel::COUNT {
                return Err(Error::Model("relation out of range".into()));
            }
            labels.push(l);
        }
        let root = r.u8()?;
        if root as usize >= n {
            return Err(Error::Model("root label out of range".into()));
        }
        Ok((labels, root, Weights::read_head(r)?))
    }

    fn finish_read(
        labels: Vec<DepRel>,
        root: u8,
        weights: Weights,
        labeler: Option<Weights>,
    ) -> Result<Parser, Error> {
        let n = labels.len();
        let ok = match &labeler {
            Some(l) => weights.n_classes() == UNLABELLED && l.n_classes() == n,
            None => weights.n_classes() == Self::n_classes_for(n),
        };
        if !ok {
            return Err(Error::Model("parser class count mismatch".into()));
        }
        Ok(Parser {
            labels,
            root,
            weights,
            labeler,
            beam: 1,
        })
    }
}

/// The (head, dependent) of the arc `mv` makes, except the attachment to ROOT.
fn arc_of(st: &State, mv: Move) -> Option<(u32, u32)> {
    let sl = st.stack.len();
    let s0 = *st.stack.last()?;
    match mv {
        Move::Shift => None,
        Move::Left(_) if st.b < st.n => Some((st.b as u32, s0)),
        Move::Left(_) => None,
        Move::Right(_) if sl >= 2 => Some((st.stack[sl - 2], s0)),
        Move::Right(_) => None,
    }
}

fn with_label(mv: Move, l: u8) -> Move {
    match mv {
        Move::Shift => Move::Shift,
        Move::Left(_) => Move::Left(l),
        Move::Right(_) => Move::Right(l),
    }
}

/// A sentence prepared for parser training and evaluation.
pub(crate) struct ParseSent {
    pub words: Vec<WordInfo>,
    /// XPOS ids used as features (predicted or gold).
    pub tags: Vec<u8>,
    /// Projectivized gold heads (`n` = ROOT) and label indices (`u8::MAX` = unknown label).
    pub gold_heads: Vec<u32>,
    pub gold_labels: Vec<u8>,
    /// Original gold heads (`NO_HEAD` root) and relations, for evaluation.
    pub eval_heads: Vec<u32>,
    pub eval_rels: Vec<DepRel>,
}

impl ParseSent {
    pub fn new(
        words: Vec<WordInfo>,
        tags: Vec<u8>,
        heads: &[u32],
        rels: &[DepRel],
        labels: &[DepRel],
    ) -> ParseSent {
        let n = heads.len();
        let mut gh: Vec<u32> = heads
            .iter()
            .map(|&h| {
                if h == NO_HEAD || h as usize >= n {
                    n as u32
                } else {
                    h
                }
            })
            .collect();
        projectivize(&mut gh);
        let gold_labels = rels
            .iter()
            .map(|r| {
                labels
                    .iter()
                    .position(|l| l == r)
                    .map_or(u8::MAX, |p| p as u8)
            })
            .collect();
        ParseSent {
            words,
            tags,
            gold_heads: gh,
            gold_labels,
            eval_heads: heads.to_vec(),
            eval_rels: rels.to_vec(),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ParseTrainOpts {
    pub max_epochs: usize,
    pub patience: usize,
    pub seed: u64,
    pub prune: f32,
    /// First epoch (1-based) from which the parser follows its own predictions.
    pub explore_from: usize,
    /// Probability of following the prediction when exploring.
    pub explore_p: f64,
    /// Unlabelled transitions with a separate arc labeller (format 4) instead of one class
    /// per move and label.
    pub labeler: bool,
    /// Beam width (1: greedy); with a beam, epochs from `beam_from` on train globally.
    pub beam: usize,
    pub beam_from: usize,
    /// Max-violation updates (else early updates).
    pub max_violation: bool,
}

/// (UAS, LAS on universal relations) of `parser` on `sents`.
pub(crate) fn attachment(parser: &Parser, sents: &[ParseSent]) -> (f64, f64) {
    let (mut st, mut feats, mut scores) = (State::default(), Vec::new(), Vec::new());
    let (mut ua, mut la, mut n) = (0usize, 0usize, 0usize);
    for s in sents {
        parser.parse(&s.words, &s.tags, &mut st, &mut feats, &mut scores);
        parser.read_out(&st, |i, h, r| {
            if h == s.eval_heads[i] {
                ua += 1;
                if r.universal() == s.eval_rels[i].universal() {
                    la += 1;
                }
            }
        });
        n += s.words.len();
    }
    (ua as f64 / n.max(1) as f64, la as f64 / n.max(1) as f64)
}

/// Called after each training epoch of a run without dev data, with the epoch's parser.
pub(crate) type EpochHook<'a> = dyn FnMut(usize, &Parser, &mut dyn FnMut(&str)) + 'a;

/// Trains the parser; keeps the epoch with the best dev LAS (or the last, without dev).
pub(crate) fn train(
    labels: Vec<DepRel>,
    train: &[ParseSent],
    dev: &[ParseSent],
    opts: &ParseTrainOpts,
    progress: &mut dyn FnMut(&str),
    on_epoch: &mut EpochHook,
) -> (Parser, usize) {
    let root = labels
        .iter()
        .position(|l| l.name() == "root")
        .expect("the label set has `root`") as u8;
    let mut parser = Parser {
        labels,
        root,
        weights: Weights::default(),
        labeler: None,
        beam: 1,
    };
    let nl = parser.n_labels();
    let decoupled = opts.labeler;
    let nc = if decoupled {
        UNLABELLED
    } else {
        Parser::n_classes_for(nl)
    };
    if decoupled {
        // Placeholder so that `decode` and `best_valid` work on unlabelled classes.
        parser.labeler = Some(Weights::default());
    }
    let mut trainer = Trainer::new(nc);
    let mut ltrainer = Trainer::new(nl);
    let (mut lfeats, mut lscores) = (Vec::new(), vec![0f32; nl]);
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let (mut st, mut feats, mut scores, mut cost) =
        (State::default(), Vec::new(), vec![0f32; nc], vec![0u32; nc]);
    // (dev LAS, epoch, weights, labeller, beam width) of the epoch to keep.
    type Kept = (f64, usize, Weights, Option<Weights>, u8);
    let mut best: Option<Kept> = None;
    let mut beam = crate::beam::Beam::default();
    for epoch in 1..=opts.max_epochs {
        rng.shuffle(&mut order);
        let explore = epoch >= opts.explore_from;
        let global = opts.beam > 1 && !decoupled && epoch >= opts.beam_from;
        let (mut steps, mut errors) = (0usize, 0usize);
        for &si in &order {
            let s = &train[si];
            if global {
                let gold = crate::beam::Gold {
                    heads: &s.gold_heads,
                    labels: &s.gold_labels,
                };
                let (w, t) = (opts.beam, &mut trainer);
                let step = if opts.max_violation {
                    crate::beam::train_sentence_max_violation
                } else {
                    crate::beam::train_sentence
                };
                if step(&parser, t, &s.words, &s.tags, &gold, w, &mut beam) {
                    errors += 1;
                }
                trainer.tick_by(2 * s.words.len());
                steps += 1;
                continue;
            }
            st.reset(s.words.len());
            while !st.is_terminal() {
                features(&st, &s.words, &s.tags, &mut feats);
                scores.iter_mut().for_each(|x| *x = 0.0);
                trainer.score(&feats, &mut scores);
                parser.move_costs(&st, &s.gold_heads, &s.gold_labels, &mut cost);
                let Some(pred) = parser.best_valid(&st, &scores, |_| true) else {
                    break;
                };
                let min = (0..nc)
                    .filter(|&c| cost[c] != u32::MAX)
                    .map(|c| cost[c])
                    .min()
                    .unwrap_or(0);
                let good = parser
                    .best_valid(&st, &scores, |c| cost[c] == min)
                    .unwrap_or(pred);
                if cost[pred] > min {
                    trainer.update(&feats, good, pred);
                    errors += 1;
                }
                trainer.tick();
                steps += 1;
                let follow = if explore && rng.next_f64() < opts.explore_p {
                    pred
                } else {
                    good
                };
                let mut mv = parser.decode(follow);
                if decoupled {
                    mv = match arc_of(&st, mv) {
                        Some((h, d)) => {
                            label_features(&st, &s.words, &s.tags, h, d, &mut lfeats);
                            lscores.iter_mut().for_each(|x| *x = 0.0);
                            ltrainer.score(&lfeats, &mut lscores);
                            let lp = parser.best_label(&lscores);
                            let g = s.gold_labels[d as usize];
                            let known = s.gold_heads[d as usize] == h && g != u8::MAX && g != root;
                            if known {
                                if lp != g {
                                    ltrainer.update(&lfeats, g as usize, lp as usize);
                                }
                                ltrainer.tick();
                            }
                            let own = explore && rng.next_f64() < opts.explore_p;
                            with_label(mv, if known && !own { g } else { lp })
                        }
                        None => with_label(mv, root),
                    };
                }
                st.apply(mv);
            }
        }
        let weights = trainer.averaged(opts.prune);
        let labeler = decoupled.then(|| ltrainer.averaged(opts.prune));
        let msg = format!(
            "parser epoch {epoch}: {:.4} step errors, {} features",
            errors as f64 / steps.max(1) as f64,
            trainer.len()
        );
        parser.beam = if global { opts.beam as u8 } else { 1 };
        parser.weights = weights;
        parser.labeler = labeler;
        // Without dev data every epoch replaces the last; with it, the best dev LAS stays.
        let las = if dev.is_empty() {
            progress(&msg);
            on_epoch(epoch, &parser, progress);
            None
        } else {
            let (uas, las) = attachment(&parser, dev);
            progress(&format!("{msg}; dev UAS {uas:.4} LAS {las:.4}"));
            Some(las)
        };
        let weights = std::mem::take(&mut parser.weights);
        let labeler = parser.labeler.as_mut().map(std::mem::take);
        match las {
            None => best = Some((0.0, epoch, weights, labeler, parser.beam)),
            Some(las) if best.as_ref().is_none_or(|b| las > b.0) => {
                best = Some((las, epoch, weights, labeler, parser.beam));
            }
            Some(_) if epoch >= best.as_ref().map_or(0, |b| b.1) + opts.patience => break,
            Some(_) => {}
        }
    }
    let (_, epochs, weights, labeler, beam) = best.expect("at least one epoch");
    parser.weights = weights;
    parser.labeler = labeler;
    parser.beam = beam;
    (parser, epochs)
}

/// Helpers for tests across the crate.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The state at the end of random valid moves over `n` words (a random projective tree,
    /// as the parser makes them).
    pub(crate) fn random_parse(n: usize, rng: &mut Rng) -> State {
        let mut st = State::default();
        st.reset(n);
        while !st.is_terminal() {
            let mut moves = Vec::new();
            if st.can_shift() {
                moves.push(Move::Shift);
            }
            if st.can_left() {
                moves.push(Move::Left(0));
            }
            if st.can_right() {
                moves.push(Move::Right(0));
            }
            st.apply(moves[rng.below(moves.len())]);
        }
        st
    }

    /// Heads with the root (`heads.len()` or more) as `NO_HEAD`, as `conllu::is_tree` takes.
    pub(crate) fn sentence_heads(heads: &[u32]) -> Vec<u32> {
        let n = heads.len();
        heads
            .iter()
            .map(|&h| if h as usize >= n { NO_HEAD } else { h })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::WordBuf;

    /// Runs the static oracle (always a zero-cost move) and returns the heads it builds.
    fn oracle_parse(gh: &[u32]) -> Vec<u32> {
        let n = gh.len();
        let mut st = State::default();
        st.reset(n);
        let mut steps = 0;
        while !st.is_terminal() {
            let c = st.costs(gh);
            let mv = if c[1] == 0 {
                Move::Left(0)
            } else if c[2] == 0 {
                Move::Right(0)
            } else if c[0] == 0 {
                Move::Shift
            } else {
                panic!("no zero-cost move at step {steps}: {c:?}");
            };
            st.apply(mv);
            steps += 1;
            assert!(steps <= 2 * n);
        }
        st.heads[..n].to_vec()
    }

    #[test]
    fn oracle_reproduces_projective_trees() {
        // ROOT = n. "Rebels attacked the town near the border ."
        let trees: Vec<Vec<u32>> = vec![
            vec![1, 8, 3, 1, 6, 6, 3, 1],
            vec![1],
            vec![2, 2, 3],
            vec![3, 3, 3, 7, 5, 3, 3],
            vec![6, 0, 0, 2, 0, 6, 7],
        ];
        for gh in trees {
            assert!(is_projective(&gh), "{gh:?}");
            assert_eq!(oracle_parse(&gh), gh);
        }
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 0 <- 2 crosses 1 -> 3 (root 1).
        let mut h = vec![2, 4, 1, 1];
        assert!(!is_projective(&h));
        projectivize(&mut h);
        assert!(is_projective(&h));
        assert_eq!(oracle_parse(&h), h);
    }

    #[test]
    fn any_move_sequence_gives_one_tree() {
        // Random valid moves always end in a tree with one root.
        let mut rng = Rng::new(3);
        for n in [1usize, 2, 5, 17, 60] {
            for _ in 0..20 {
                let st = testing::random_parse(n, &mut rng);
                let heads = testing::sentence_heads(&st.heads[..n]);
                assert!(crate::conllu::is_tree(&heads), "{heads:?}");
            }
        }
    }

    #[test]
    fn features_are_deterministic_and_safe_at_edges() {
        let mut buf = WordBuf::default();
        let words: Vec<WordInfo> = ["Rebels", "attacked", "."]
            .iter()
            .map(|w| WordInfo::new(w, &mut buf))
            .collect();
        let tags = [1u8, 2, 3];
        let mut st = State::default();
        st.reset(3);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        features(&st, &words, &tags, &mut a);
        features(&st, &words, &tags, &mut b);
        assert_eq!(a, b);
        st.apply(Move::Shift);
        st.apply(Move::Shift);
        st.apply(Move::Shift);
        features(&st, &words, &tags, &mut b);
        assert_ne!(a, b);
    }
}
