//! Greedy left-to-right averaged-perceptron tagger predicting (UPOS, XPOS) pairs jointly.

use dyad_text::{Upos, Xpos};

use crate::hash::{feat, hash_bytes, Rng};
use crate::io::{Reader, Writer};
use crate::perceptron::{IdMap, Trainer, Weights};
use crate::words::WordInfo;
use crate::Error;

const START: u64 = 0x57A7_7000_0000_0001;
const END: u64 = 0xE4D0_0000_0000_0002;

/// The tagger: a joint (UPOS, XPOS) class per word.
#[derive(Clone, Default)]
pub struct Tagger {
    pub(crate) classes: Vec<(Upos, Xpos)>,
    weights: Weights,
    /// Frequent, unambiguous exact forms -> class (skips scoring).
    tagdict: IdMap<u64, u8>,
    /// Ambiguity classes: normalised form -> hash of the set of classes it takes in the
    /// training data (forms seen often enough; others have none).
    amb: IdMap<u64, u64>,
}

/// Ambiguity class of a word not in the table.
const AMB_UNKNOWN: u64 = 0xA3B1_0000_0000_0005;
/// Least count of a form to get an ambiguity class.
const AMB_MIN_COUNT: u32 = 3;
/// Least share of a class in a form's occurrences to enter its ambiguity class.
const AMB_MIN_SHARE: f64 = 0.02;

/// Feature keys for word `i` given the classes of the two previous words (`0` = start,
/// else class + 1).
pub(crate) fn features(
    words: &[WordInfo],
    amb: &IdMap<u64, u64>,
    i: usize,
    p1: u64,
    p2: u64,
    out: &mut Vec<u32>,
) {
    let w = &words[i];
    let at = |j: isize| -> Option<&WordInfo> {
        if j < 0 {
            None
        } else {
            words.get(j as usize)
        }
    };
    let i = i as isize;
    let norm = |j: isize| at(j).map_or(if j < 0 { START } else { END }, |w| w.norm);
    let suf3 = |j: isize| at(j).map_or(if j < 0 { START } else { END }, |w| w.suf[2]);
    let shape = |j: isize| at(j).map_or(if j < 0 { START } else { END }, |w| w.shape);
    let (wm1, wm2, wp1, wp2) = (norm(i - 1), norm(i - 2), norm(i + 1), norm(i + 2));
    let first = (i == 0) as u64;
    let ambc = |j: isize| {
        at(j).map_or(if j < 0 { START } else { END }, |w| {
            amb.get(&w.norm).copied().unwrap_or(AMB_UNKNOWN)
        })
    };
    let (a0, a1, a2) = (ambc(i), ambc(i + 1), ambc(i + 2));
    out.clear();
    out.extend_from_slice(&[
        feat(0, 0, 0, 0),
        feat(1, w.norm, 0, 0),
        feat(2, w.raw, 0, 0),
        feat(3, w.suf[0], 0, 0),
        feat(4, w.suf[1], 0, 0),
        feat(5, w.suf[2], 0, 0),
        feat(6, w.suf[3], 0, 0),
        feat(7, w.pre[0], 0, 0),
        feat(8, w.pre[1], 0, 0),
        feat(9, w.pre[2], 0, 0),
        feat(10, w.shape, 0, 0),
        feat(11, w.flags, first, 0),
        feat(12, p1, 0, 0),
        feat(13, p2, 0, 0),
        feat(14, p1, p2, 0),
        feat(15, p1, w.norm, 0),
        feat(16, p1, w.suf[2], 0),
        feat(17, wm1, 0, 0),
        feat(18, suf3(i - 1), 0, 0),
        feat(19, wm2, 0, 0),
        feat(20, wp1, 0, 0),
        feat(21, suf3(i + 1), 0, 0),
        feat(22, wp2, 0, 0),
        feat(23, w.norm, wp1, 0),
        feat(24, wm1, w.norm, 0),
        feat(25, p1, wp1, 0),
        feat(26, shape(i + 1), 0, 0),
        feat(27, shape(i - 1), w.shape, 0),
        feat(28, w.suf[2], suf3(i + 1), 0),
        feat(29, p1, w.shape, first),
        feat(30, wm1, w.norm, wp1),
        feat(31, w.raw, first, 0),
        feat(32, a0, 0, 0),
        feat(33, a1, 0, 0),
        feat(34, a0, a1, 0),
        feat(35, p1, a0, 0),
        feat(36, a1, a2, 0),
        feat(37, p1, a0, a1),
        feat(38, w.norm, a1, 0),
        feat(39, w.suf[2], a1, 0),
    ]);
}

fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

impl Tagger {
    /// The (UPOS, XPOS) pair of a class.
    pub fn class(&self, c: u8) -> (Upos, Xpos) {
        self.classes.get(c as usize).copied().unwrap_or_default()
    }

    /// Tags a sentence; `out` receives one class per word.
    pub fn tag(
        &self,
        words: &[WordInfo],
        out: &mut Vec<u8>,
        feats: &mut Vec<u32>,
        scores: &mut Vec<f32>,
    ) {
        out.clear();
        let (mut p1, mut p2) = (0u64, 0u64);
        for i in 0..words.len() {
            let c = match self.tagdict.get(&words[i].raw) {
                Some(&c) => c as usize,
                None => {
                    features(words, &self.amb, i, p1, p2, feats);
                    scores.clear();
                    scores.resize(self.classes.len().max(1), 0.0);
                    self.weights.score(feats, scores);
                    argmax(scores)
                }
            };
            out.push(c as u8);
            p2 = p1;
            p1 = c as u64 + 1;
        }
        self.repair_main_verb(words, out);
        self.repair_gerunds(words, out);
    }

    /// An unseen "-ing" word between a preposition and a determiner, possessive or noun
    /// ("accused of supplying weapons", "by shelling the town") that the tagger took for an
    /// adjective or noun is a gerund (VBG): so UD English EWT tags 334 of the 357 "-ing"
    /// words in that position.
    fn repair_gerunds(&self, words: &[WordInfo], out: &mut [u8]) {
        let n = words.len();
        let xpos = |c: u8| self.class(c).1.name();
        for i in 1..n.saturating_sub(1) {
            let w = &words[i];
            if !matches!(xpos(out[i]), "JJ" | "NN")
                || xpos(out[i - 1]) != "IN"
                || !matches!(xpos(out[i + 1]), "DT" | "PRP$" | "NNS" | "NNP" | "NNPS")
                || !w.ends_with("ing")
                || self.amb.contains_key(&w.norm)
            {
                continue;
            }
            let Some(vbg) = self.verb_class("VBG") else {
                return;
            };
            out[i] = vbg;
        }
    }

    /// The class of a verb with XPOS `x`, if the tagger has one.
    fn verb_class(&self, x: &str) -> Option<u8> {
        self.classes
            .iter()
            .position(|&(u, p)| u.name() == "VERB" && p.name() == x)
            .map(|i| i as u8)
    }

    /// News sentences whose only verb the tagger took for a participle or a plural noun
    /// ("Russian troops shelled/VBN Ukrainian positions", "The president plans/NNS to visit"):
    /// when a sentence of four or more words has no finite verb at all, the first such word
    /// right after a noun or pronoun, before an object or "to" + verb (or, in a sentence that
    /// ends with a full stop, before a preposition, adverb or the stop: "The minister resigned
    /// on Monday."), becomes the finite verb. On EWT dev (train-only model) this changes
    /// XPOS 0.9434 -> 0.9435 and UAS 0.8465 -> 0.8466.
    fn repair_main_verb(&self, words: &[WordInfo], out: &mut [u8]) {
        let n = words.len();
        if n < 4 {
            return;
        }
        let xpos = |c: u8| self.class(c).1.name();
        if out
            .iter()
            .any(|&c| matches!(xpos(c), "VBD" | "VBZ" | "VBP" | "MD"))
        {
            return;
        }
        let (Some(vbd), Some(vbz)) = (self.verb_class("VBD"), self.verb_class("VBZ")) else {
            return;
        };
        let to = hash_bytes(1, b"to");
        // A full sentence, not a headline or caption ("Two soldiers killed in attack").
        let ends_with_period = out.last().is_some_and(|&c| xpos(c) == ".")
            && words.last().is_some_and(|w| w.norm == hash_bytes(1, b"."));
        for i in 1..n - 1 {
            if !matches!(xpos(out[i - 1]), "NN" | "NNS" | "NNP" | "NNPS" | "PRP") {
                continue;
            }
            let next = xpos(out[i + 1]);
            match xpos(out[i]) {
                "VBN"
                    if words[i].ends_with("ed")
                        && (matches!(
                            next,
                            "DT" | "JJ" | "NN" | "NNS" | "NNP" | "NNPS" | "PRP" | "PRP$" | "CD"
                        ) || (matches!(next, "IN" | "RB" | ".") && ends_with_period)) =>
                {
                    out[i] = vbd;
                    return;
                }
                "NNS"
                    if words[i].ends_with("s")
                        && words[i + 1].norm == to
                        && out.get(i + 2).is_some_and(|&c| xpos(c) == "VB") =>
                {
                    out[i] = vbz;
                    return;
                }
                _ => {}
            }
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.classes.len() as u64);
        for (u, x) in &self.classes {
            w.u8(u.0);
            w.u8(x.0);
        }
        let mut dict: Vec<(u64, u8)> = self.tagdict.iter().map(|(&k, &v)| (k, v)).collect();
        dict.sort_unstable();
        w.varint(dict.len() as u64);
        for (k, v) in dict {
            w.u64(k);
            w.u8(v);
        }
        let mut amb: Vec<(u64, u64)> = self.amb.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        w.varint(amb.len() as u64);
        for (k, v) in amb {
            w.u64(k);
            w.u64(v);
        }
        self.weights.write(w);
    }

    /// Reads what `write` wrote; `with_amb` is false for models older than ambiguity classes.
    pub(crate) fn read(r: &mut Reader, with_amb: bool) -> Result<Tagger, Error> {
        let n = r.len(2)?;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let u = Upos(r.u8()?);
            let x = Xpos(r.u8()?);
            if u.0 as usize >= Upos::COUNT || x.0 as usize >= Xpos::COUNT {
                return Err(Error::Model("tag out of range".into()));
            }
            classes.push((u, x));
        }
        let nd = r.len(9)?;
        let mut tagdict = IdMap::default();
        for _ in 0..nd {
            let k = r.u64()?;
            let v = r.u8()?;
            if v as usize >= n {
                return Err(Error::Model("tag class out of range".into()));
            }
            tagdict.insert(k, v);
        }
        let mut amb = IdMap::default();
        if with_amb {
            let na = r.len(16)?;
            for _ in 0..na {
                let k = r.u64()?;
                amb.insert(k, r.u64()?);
            }
        }
        let weights = Weights::read(r)?;
        if weights.n_classes() != n {
            return Err(Error::Model("tagger class count mismatch".into()));
        }
        Ok(Tagger {
            classes,
            weights,
            tagdict,
            amb,
        })
    }
}

/// A sentence prepared for tagger training.
pub(crate) struct TagSent {
    pub words: Vec<WordInfo>,
    /// Gold class per word (`u8::MAX` when the pair is not a known class).
    pub gold: Vec<u8>,
}

/// Options for tagger training.
#[derive(Clone, Debug)]
pub(crate) struct TagTrainOpts {
    pub max_epochs: usize,
    pub patience: usize,
    pub seed: u64,
    pub prune: f32,
}

/// Builds the class set and tag dictionary from training data.
pub(crate) fn class_set(pairs: impl Iterator<Item = (Upos, Xpos)>) -> Vec<(Upos, Xpos)> {
    let mut v: Vec<(Upos, Xpos)> = pairs.filter(|p| p.0.is_set() || p.1.is_set()).collect();
    v.sort_unstable();
    v.dedup();
    assert!(v.len() < 255, "too many tag classes");
    v
}

fn make_tagdict(train: &[TagSent], n_classes: usize, raw_forms: &[&[u64]]) -> IdMap<u64, u8> {
    let mut counts: IdMap<u64, Vec<u32>> = IdMap::default();
    for (s, raws) in train.iter().zip(raw_forms) {
        for (&g, &raw) in s.gold.iter().zip(raws.iter()) {
            if (g as usize) < n_classes {
                counts.entry(raw).or_insert_with(|| vec![0; n_classes])[g as usize] += 1;
            }
        }
    }
    let mut dict = IdMap::default();
    for (k, c) in counts {
        let total: u32 = c.iter().sum();
        let (best, &n) = c
            .iter()
            .enumerate()
            .max_by_key(|&(i, n)| (*n, usize::MAX - i))
            .unwrap();
        if total >= 20 && n as f64 / total as f64 >= 0.995 {
            dict.insert(k, best as u8);
        }
    }
    dict
}

/// Ambiguity classes of normalised forms (see `Tagger::amb`).
fn make_amb(train: &[TagSent], n_classes: usize) -> IdMap<u64, u64> {
    let mut counts: IdMap<u64, Vec<u32>> = IdMap::default();
    for s in train {
        for (&g, w) in s.gold.iter().zip(&s.words) {
            if (g as usize) < n_classes {
                counts.entry(w.norm).or_insert_with(|| vec![0; n_classes])[g as usize] += 1;
            }
        }
    }
    let mut amb = IdMap::default();
    for (k, c) in counts {
        let total: u32 = c.iter().sum();
        if total < AMB_MIN_COUNT {
            continue;
        }
        let mut h = 0xA3B1_u64;
        for (class, &n) in c.iter().enumerate() {
            if n as f64 >= AMB_MIN_SHARE * total as f64 {
                h = crate::hash::mix(h, class as u64 + 1);
            }
        }
        amb.insert(k, h);
    }
    amb
}

/// Tagging accuracy (joint class) of `tagger` on `sents`.
pub(crate) fn accuracy(tagger: &Tagger, sents: &[TagSent]) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    let (mut out, mut feats, mut scores) = (Vec::new(), Vec::new(), Vec::new());
    for s in sents {
        tagger.tag(&s.words, &mut out, &mut feats, &mut scores);
        ok += out.iter().zip(&s.gold).filter(|(a, b)| a == b).count();
        n += s.gold.len();
    }
    ok as f64 / n.max(1) as f64
}

/// Trains a tagger. With `dev` non-empty, keeps the epoch with the best dev accuracy and stops
/// after `patience` epochs without improvement; otherwise runs `max_epochs`.
/// Returns the tagger and the number of epochs of the kept model.
pub(crate) fn train(
    classes: &[(Upos, Xpos)],
    train: &[TagSent],
    dev: &[TagSent],
    opts: &TagTrainOpts,
    progress: &mut dyn FnMut(&str),
) -> (Tagger, usize) {
    let n_classes = classes.len();
    let raws: Vec<Vec<u64>> = train
        .iter()
        .map(|s| s.words.iter().map(|w| w.raw).collect())
        .collect();
    let raw_refs: Vec<&[u64]> = raws.iter().map(|v| v.as_slice()).collect();
    let tagdict = make_tagdict(train, n_classes, &raw_refs);
    let amb = make_amb(train, n_classes);
    let mut trainer = Trainer::new(n_classes);
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let (mut feats, mut scores) = (Vec::new(), vec![0f32; n_classes]);
    let mut best: Option<(f64, usize, Tagger)> = None;
    for epoch in 1..=opts.max_epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut n) = (0usize, 0usize);
        for &si in &order {
            let s = &train[si];
            let (mut p1, mut p2) = (0u64, 0u64);
            for i in 0..s.words.len() {
                let gold = s.gold[i] as usize;
                let guess = match tagdict.get(&s.words[i].raw) {
                    Some(&c) => c as usize,
                    None => {
                        features(&s.words, &amb, i, p1, p2, &mut feats);
                        scores.iter_mut().for_each(|x| *x = 0.0);
                        trainer.score(&feats, &mut scores);
                        let guess = argmax(&scores);
                        if gold < n_classes && guess != gold {
                            trainer.update(&feats, gold, guess);
                        }
                        trainer.tick();
                        guess
                    }
                };
                ok += (guess == gold) as usize;
                n += 1;
                p2 = p1;
                p1 = guess as u64 + 1;
            }
        }
        let tagger = Tagger {
            classes: classes.to_vec(),
            weights: trainer.averaged(opts.prune),
            tagdict: tagdict.clone(),
            amb: amb.clone(),
        };
        if dev.is_empty() {
            progress(&format!(
                "tagger epoch {epoch}: train acc {:.4}",
                ok as f64 / n.max(1) as f64
            ));
            best = Some((0.0, epoch, tagger));
            continue;
        }
        let acc = accuracy(&tagger, dev);
        progress(&format!(
            "tagger epoch {epoch}: train acc {:.4}, dev acc {acc:.4}, {} features",
            ok as f64 / n.max(1) as f64,
            trainer.len()
        ));
        let improved = best.as_ref().is_none_or(|b| acc > b.0);
        if improved {
            best = Some((acc, epoch, tagger));
        } else if epoch >= best.as_ref().map_or(0, |b| b.1) + opts.patience {
            break;
        }
    }
    let (_, epochs, tagger) = best.expect("at least one epoch");
    (tagger, epochs)
}

impl Tagger {
    pub(crate) fn prune(&mut self, min: f32) {
        self.weights = self.weights.pruned(min);
    }

    pub(crate) fn weights_size(&self) -> (usize, usize) {
        self.weights.size()
    }
}
