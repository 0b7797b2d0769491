//! Beam search over the parser's transitions, and its global training.
//!
//! A greedy parser commits to each move; with a beam, the `k` best partial parses by total
//! score go on, and the best complete one wins. Every complete arc-hybrid parse of `n` words
//! takes exactly `2n` moves, so total scores compare fairly. The weights are trained for the
//! beam as a structured perceptron, with max-violation updates (Huang, Fayong & Guo 2012;
//! the default) or early updates (Collins & Roark 2004, Zhang & Clark 2008): the best move
//! sequence that can still reach the gold tree (the dynamic oracle's costs say which moves
//! keep it reachable) is promoted and the beam's best is demoted, feature by feature along
//! both sequences.

use std::cell::RefCell;

use crate::parser::{features, Parser, State};
use crate::perceptron::Trainer;
use crate::words::WordInfo;

/// "No move": the root of the move history, or a finished parse carried over.
const NO_MOVE: u16 = u16::MAX;

/// A partial parse in the beam.
#[derive(Clone, Default)]
struct Item {
    st: State,
    score: f32,
    /// Last entry of its moves in the history arena (`u32::MAX` = none yet).
    hist: u32,
    /// Whether every move so far kept the gold tree reachable (training only).
    gold: bool,
}

/// A possible next item: `item` extended by `class` (or carried over when `NO_MOVE`).
#[derive(Clone, Copy)]
struct Cand {
    score: f32,
    item: u32,
    class: u16,
    gold: bool,
}

/// Reusable buffers for beam search.
#[derive(Default)]
pub(crate) struct Beam {
    items: Vec<Item>,
    next: Vec<Item>,
    cands: Vec<Cand>,
    /// Move history: (previous entry, class), shared by the items.
    hist: Vec<(u32, u16)>,
    feats: Vec<u32>,
    scores: Vec<f32>,
    /// The features and scores of the items scored so far in this step, one after another
    /// (`step_ends[k]` ends item `k`'s features): items whose configurations give the same
    /// features (a fifth of them, parsing news) share their scores.
    step_feats: Vec<u32>,
    step_ends: Vec<usize>,
    step_scores: Vec<f32>,
    /// Tests: score every item apart.
    #[cfg(test)]
    no_sharing: bool,
    cost: Vec<u32>,
    order: Vec<(f32, u16)>,
    path_a: Vec<u16>,
    path_b: Vec<u16>,
    replay: State,
    gold_item: Item,
}

thread_local! {
    static BEAM: RefCell<Beam> = RefCell::new(Beam::default());
}

/// The gold analysis for training: projectivized heads (`n` = ROOT) and label indices.
pub(crate) struct Gold<'a> {
    pub heads: &'a [u32],
    pub labels: &'a [u8],
}

impl Beam {
    /// Expands every item of the beam by its valid moves, keeping per item its `width` best,
    /// and (in training) every move that keeps the gold tree reachable.
    fn expand<'s>(
        &mut self,
        parser: &Parser,
        words: &[WordInfo],
        tags: &[u8],
        width: usize,
        score: &dyn Fn(&[u32], &mut [f32]),
        gold: Option<&Gold<'s>>,
    ) {
        let nc = parser.n_classes();
        self.cands.clear();
        self.step_feats.clear();
        self.step_ends.clear();
        self.step_scores.clear();
        for (i, item) in self.items.iter().enumerate() {
            let st = &item.st;
            if st.is_terminal() {
                self.cands.push(Cand {
                    score: item.score,
                    item: i as u32,
                    class: NO_MOVE,
                    gold: item.gold,
                });
                continue;
            }
            if let Some(mv) = parser.forced(st) {
                self.cands.push(Cand {
                    score: item.score,
                    item: i as u32,
                    class: parser.encode(mv) as u16,
                    gold: item.gold,
                });
                continue;
            }
            features(st, words, tags, &mut self.feats);
            self.scores.clear();
            let mut start = 0;
            #[cfg(test)]
            if self.no_sharing {
                self.step_ends.clear();
            }
            let same = self.step_ends.iter().position(|&end| {
                let seen = &self.step_feats[start..end];
                start = end;
                seen == self.feats.as_slice()
            });
            match same {
                Some(k) => self
                    .scores
                    .extend_from_slice(&self.step_scores[k * nc..(k + 1) * nc]),
                None => {
                    self.scores.resize(nc, 0.0);
                    score(&self.feats, &mut self.scores);
                    self.step_feats.extend_from_slice(&self.feats);
                    self.step_ends.push(self.step_feats.len());
                    self.step_scores.extend_from_slice(&self.scores);
                }
            }
            if let (Some(g), true) = (gold, item.gold) {
                parser.move_costs(st, g.heads, g.labels, &mut self.cost);
            }
            self.order.clear();
            let scores = &self.scores;
            let order = &mut self.order;
            parser.for_each_valid(st, |c| order.push((scores[c], c as u16)));
            let keep = width.min(self.order.len());
            if keep < self.order.len() {
                self.order
                    .select_nth_unstable_by(keep - 1, |a, b| b.0.total_cmp(&a.0));
            }
            for (k, &(s, c)) in self.order.iter().enumerate() {
                let is_gold = item.gold && gold.is_some() && self.cost[c as usize] == 0;
                if k < keep || is_gold {
                    self.cands.push(Cand {
                        score: item.score + s,
                        item: i as u32,
                        class: c,
                        gold: is_gold,
                    });
                }
            }
        }
    }

    /// In training: expands the beam by the current weights of `trainer` (see `expand`) and
    /// selects (see `select`).
    fn train_step(
        &mut self,
        parser: &Parser,
        trainer: &Trainer,
        words: &[WordInfo],
        tags: &[u8],
        width: usize,
        gold: &Gold,
    ) -> usize {
        let score = |f: &[u32], s: &mut [f32]| trainer.score(f, s);
        self.expand(parser, words, tags, width, &score, Some(gold));
        self.select(width)
    }

    /// Keeps the `width` best candidates (in `cands[..width]`, best first).
    fn select(&mut self, width: usize) -> usize {
        let keep = width.min(self.cands.len());
        self.cands.sort_by(|a, b| b.score.total_cmp(&a.score));
        keep
    }

    /// Makes the first `keep` candidates the new beam.
    fn advance(&mut self, parser: &Parser, keep: usize) {
        self.next
            .resize_with(keep.max(self.next.len()), Item::default);
        for k in 0..keep {
            let c = self.cands[k];
            let from = &self.items[c.item as usize];
            let to = &mut self.next[k];
            to.st.copy_from(&from.st);
            to.score = c.score;
            to.gold = c.gold;
            if c.class == NO_MOVE {
                to.hist = from.hist;
            } else {
                to.st.apply(parser.decode(c.class as usize));
                self.hist.push((from.hist, c.class));
                to.hist = (self.hist.len() - 1) as u32;
            }
        }
        std::mem::swap(&mut self.items, &mut self.next);
        self.items.truncate(keep);
    }

    fn start(&mut self, n: usize) {
        self.hist.clear();
        self.items.resize_with(1, Item::default);
        self.items.truncate(1);
        let it = &mut self.items[0];
        it.st.reset(n);
        it.score = 0.0;
        it.hist = u32::MAX;
        it.gold = true;
    }

    /// The classes of the moves ending at history entry `h`, first move first.
    fn path(hist: &[(u32, u16)], mut h: u32, out: &mut Vec<u16>) {
        out.clear();
        while let Some(&(prev, c)) = hist.get(h as usize) {
            out.push(c);
            h = prev;
        }
        out.reverse();
    }
}

/// Parses a sentence with a beam of `parser.beam` items; the best parse is left in `st`.
pub(crate) fn parse(parser: &Parser, words: &[WordInfo], tags: &[u8], st: &mut State) {
    BEAM.with(|b| match b.try_borrow_mut() {
        Ok(mut b) => parse_with(parser, words, tags, st, &mut b),
        Err(_) => parse_with(parser, words, tags, st, &mut Beam::default()),
    })
}

fn parse_with(parser: &Parser, words: &[WordInfo], tags: &[u8], st: &mut State, b: &mut Beam) {
    let width = parser.beam.max(1) as usize;
    b.start(words.len());
    let score = |f: &[u32], s: &mut [f32]| parser.weights.score(f, s);
    while !b.items.iter().all(|it| it.st.is_terminal()) {
        b.expand(parser, words, tags, width, &score, None);
        let keep = b.select(width);
        if keep == 0 {
            break;
        }
        b.advance(parser, keep);
    }
    if let Some(best) = b.items.iter().max_by(|x, y| x.score.total_cmp(&y.score)) {
        st.copy_from(&best.st);
    }
}

/// One early-update training step on a sentence: parses it with the current weights of
/// `trainer` and a beam of `width`, and updates them where the gold tree falls out of the
/// beam (or is not the best at the end). Returns whether it updated.
pub(crate) fn train_sentence(
    parser: &Parser,
    trainer: &mut Trainer,
    words: &[WordInfo],
    tags: &[u8],
    gold: &Gold,
    width: usize,
    b: &mut Beam,
) -> bool {
    b.start(words.len());
    loop {
        if b.items.iter().all(|it| it.st.is_terminal()) {
            // The best complete parse must be a gold one.
            let best = b
                .items
                .iter()
                .enumerate()
                .max_by(|x, y| x.1.score.total_cmp(&y.1.score))
                .map(|(i, _)| i);
            let good = b
                .items
                .iter()
                .enumerate()
                .filter(|(_, it)| it.gold)
                .max_by(|x, y| x.1.score.total_cmp(&y.1.score))
                .map(|(i, _)| i);
            return match (best, good) {
                (Some(p), Some(g)) if !b.items[p].gold => {
                    let (hp, hg) = (b.items[p].hist, b.items[g].hist);
                    update(parser, trainer, words, tags, b, hg, NO_MOVE, hp, NO_MOVE);
                    true
                }
                _ => false,
            };
        }
        let keep = b.train_step(parser, trainer, words, tags, width, gold);
        if keep == 0 {
            return false;
        }
        if !b.cands[..keep].iter().any(|c| c.gold) {
            // Early update: the best gold continuation against the beam's best.
            let Some(g) = b.cands[keep..].iter().find(|c| c.gold).copied() else {
                return false;
            };
            let p = b.cands[0];
            let (hg, hp) = (b.items[g.item as usize].hist, b.items[p.item as usize].hist);
            update(parser, trainer, words, tags, b, hg, g.class, hp, p.class);
            return true;
        }
        b.advance(parser, keep);
    }
}

/// One max-violation training step on a sentence (Huang, Fayong & Guo 2012): parses it to
/// the end with a beam of `width`, following alongside the best-scoring sequence of moves
/// that keeps the gold tree reachable, and updates at the step where the beam's best
/// (when it cannot reach the gold tree) outscores that sequence the most. Returns whether
/// it updated.
pub(crate) fn train_sentence_max_violation(
    parser: &Parser,
    trainer: &mut Trainer,
    words: &[WordInfo],
    tags: &[u8],
    gold: &Gold,
    width: usize,
    b: &mut Beam,
) -> bool {
    b.start(words.len());
    let mut g = std::mem::take(&mut b.gold_item);
    g.st.reset(words.len());
    g.score = 0.0;
    g.hist = u32::MAX;
    let nc = parser.n_classes();
    let mut worst: Option<(f32, u32, u32)> = None;
    while !(g.st.is_terminal() && b.items.iter().all(|it| it.st.is_terminal())) {
        let keep = b.train_step(parser, trainer, words, tags, width, gold);
        if keep == 0 {
            break;
        }
        b.advance(parser, keep);
        // The gold sequence's next move: the best-scoring one that costs nothing.
        if !g.st.is_terminal() {
            let class = match parser.forced(&g.st) {
                Some(mv) => Some((parser.encode(mv), 0.0)),
                None => {
                    features(&g.st, words, tags, &mut b.feats);
                    b.scores.clear();
                    b.scores.resize(nc, 0.0);
                    trainer.score(&b.feats, &mut b.scores);
                    parser.move_costs(&g.st, gold.heads, gold.labels, &mut b.cost);
                    let cost = &b.cost;
                    parser
                        .best_valid(&g.st, &b.scores, |c| cost[c] == 0)
                        .map(|c| (c, b.scores[c]))
                }
            };
            let Some((c, s)) = class else {
                // The gold tree is out of reach (a relation outside the label set).
                break;
            };
            g.score += s;
            g.st.apply(parser.decode(c));
            b.hist.push((g.hist, c as u16));
            g.hist = (b.hist.len() - 1) as u32;
        }
        let top = &b.items[0];
        let v = top.score - g.score;
        if !top.gold && v >= 0.0 && worst.is_none_or(|w| v > w.0) {
            worst = Some((v, g.hist, top.hist));
        }
    }
    b.gold_item = g;
    match worst {
        Some((_, hg, hp)) => {
            update(parser, trainer, words, tags, b, hg, NO_MOVE, hp, NO_MOVE);
            true
        }
        None => false,
    }
}

/// Promotes the moves of the gold sequence (history `hg` then `cg`) and demotes those of
/// the predicted one (`hp` then `cp`), from the first move where they differ.
#[allow(clippy::too_many_arguments)]
fn update(
    parser: &Parser,
    trainer: &mut Trainer,
    words: &[WordInfo],
    tags: &[u8],
    b: &mut Beam,
    hg: u32,
    cg: u16,
    hp: u32,
    cp: u16,
) {
    Beam::path(&b.hist, hg, &mut b.path_a);
    if cg != NO_MOVE {
        b.path_a.push(cg);
    }
    Beam::path(&b.hist, hp, &mut b.path_b);
    if cp != NO_MOVE {
        b.path_b.push(cp);
    }
    let same = b
        .path_a
        .iter()
        .zip(&b.path_b)
        .take_while(|(x, y)| x == y)
        .count();
    for (path, d) in [(0, 1.0f32), (1, -1.0)] {
        let moves = if path == 0 { &b.path_a } else { &b.path_b };
        let st = &mut b.replay;
        st.reset(words.len());
        for (k, &c) in moves.iter().enumerate() {
            if k >= same && parser.forced(st).is_none() {
                features(st, words, tags, &mut b.feats);
                trainer.add_all(&b.feats, c as usize, d);
            }
            st.apply(parser.decode(c as usize));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::WordBuf;

    /// Words and tagger tags of a whitespace-split sentence, by the builtin model.
    fn prepared(text: &str) -> (Vec<WordInfo>, Vec<u8>) {
        let m = crate::Model::builtin();
        let mut buf = WordBuf::default();
        let words: Vec<WordInfo> = text
            .split_whitespace()
            .map(|w| WordInfo::new(w, &mut buf))
            .collect();
        let (mut classes, mut feats, mut scores) = (Vec::new(), Vec::new(), Vec::new());
        m.tagger.tag(&words, &mut classes, &mut feats, &mut scores);
        let tags = classes.iter().map(|&c| m.tagger.class(c).1 .0).collect();
        (words, tags)
    }

    const SENTENCES: [&str; 3] = [
        "The rebels attacked the village on Monday , officials said .",
        "Iran denied that it had sent drones to Russia .",
        "Talks",
    ];

    #[test]
    fn a_beam_of_one_parses_as_the_greedy_parser() {
        let mut p = crate::Model::builtin().parser.clone();
        p.beam = 1;
        for text in SENTENCES {
            let (words, tags) = prepared(text);
            let (mut a, mut b) = (State::default(), State::default());
            p.parse(&words, &tags, &mut a, &mut Vec::new(), &mut Vec::new());
            parse_with(&p, &words, &tags, &mut b, &mut Beam::default());
            assert_eq!(a.heads, b.heads, "{text}");
            assert_eq!(a.labels, b.labels, "{text}");
        }
    }

    #[test]
    fn items_with_the_same_features_share_their_scores_exactly() {
        let mut p = crate::Model::builtin().parser.clone();
        p.beam = 4;
        let text = "The rebels said on Monday that the army , which denied it , had shelled \
                    the town of Kali , the capital , and two villages near the border .";
        let (words, tags) = prepared(text);
        let calls = std::cell::Cell::new(0);
        let score = |f: &[u32], s: &mut [f32]| {
            calls.set(calls.get() + 1);
            p.weights.score(f, s)
        };
        let (mut shared, mut apart) = (Beam::default(), Beam::default());
        apart.no_sharing = true;
        let mut counts = [0; 2];
        for (k, b) in [&mut shared, &mut apart].into_iter().enumerate() {
            b.start(words.len());
            calls.set(0);
            while !b.items.iter().all(|it| it.st.is_terminal()) {
                b.expand(&p, &words, &tags, 4, &score, None);
                let keep = b.select(4);
                b.advance(&p, keep);
            }
            counts[k] = calls.get();
        }
        let key = |b: &Beam| -> Vec<(u32, Vec<u32>)> {
            let mut v: Vec<_> = b
                .items
                .iter()
                .map(|it| (it.score.to_bits(), it.st.heads.clone()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(key(&shared), key(&apart));
        assert!(counts[0] < counts[1], "scoring calls {counts:?}");
    }

    #[test]
    fn wider_beams_give_complete_trees() {
        let mut p = crate::Model::builtin().parser.clone();
        for width in [2u8, 4, 8] {
            p.beam = width;
            for text in SENTENCES {
                let (words, tags) = prepared(text);
                let mut st = State::default();
                p.parse(&words, &tags, &mut st, &mut Vec::new(), &mut Vec::new());
                let n = words.len();
                assert!(st.is_terminal(), "{text}");
                let tree = crate::parser::testing::sentence_heads(&st.heads[..n]);
                assert!(crate::conllu::is_tree(&tree), "{text}: {tree:?}");
            }
        }
    }

    #[test]
    fn training_on_one_sentence_learns_its_tree() {
        learns_one_sentence(train_sentence);
    }

    #[test]
    fn max_violation_training_on_one_sentence_learns_its_tree() {
        learns_one_sentence(train_sentence_max_violation);
    }

    type Step = fn(&Parser, &mut Trainer, &[WordInfo], &[u8], &Gold, usize, &mut Beam) -> bool;

    fn learns_one_sentence(step: Step) {
        // Gold: "Rebels attacked villages ." = nsubj, root, obj, punct.
        let labels: Vec<dyad_text::DepRel> = ["nsubj", "root", "obj", "punct"]
            .iter()
            .map(|l| dyad_text::DepRel::from_name(l).unwrap())
            .collect();
        let mut p = Parser {
            labels: labels.clone(),
            root: 1,
            beam: 4,
            ..Parser::default()
        };
        let mut buf = WordBuf::default();
        let words: Vec<WordInfo> = ["Rebels", "attacked", "villages", "."]
            .iter()
            .map(|w| WordInfo::new(w, &mut buf))
            .collect();
        let tags = [27u8, 40, 27, 6];
        let (heads, gl) = (vec![1u32, 4, 1, 1], vec![0u8, 1, 2, 3]);
        let gold = Gold {
            heads: &heads,
            labels: &gl,
        };
        let mut trainer = Trainer::new(Parser::n_classes_for(labels.len()));
        let mut b = Beam::default();
        let mut updates = 0;
        for _ in 0..20 {
            if step(&p, &mut trainer, &words, &tags, &gold, 4, &mut b) {
                updates += 1;
            }
            trainer.tick_by(8);
        }
        assert!(updates > 0 && updates < 20, "{updates} updates");
        assert!(!step(&p, &mut trainer, &words, &tags, &gold, 4, &mut b));
        p.weights = trainer.averaged(0.0);
        let mut st = State::default();
        p.parse(&words, &tags, &mut st, &mut Vec::new(), &mut Vec::new());
        assert_eq!(&st.heads[..4], &heads[..]);
        assert_eq!(&st.labels[..4], &gl[..]);
    }
}
