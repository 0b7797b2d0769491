//! Training of the whole model and evaluation against gold CoNLL-U.

use dyad_text::{DepRel, Xpos};
use rayon::prelude::*;

use crate::conllu::{self, GoldSentence};
use crate::lemma::Lemmatizer;
use crate::model::Model;
use crate::parser::{self, ParseSent, ParseTrainOpts};
use crate::tagger::{self, TagSent, TagTrainOpts, Tagger};
use crate::words::{WordBuf, WordInfo};

/// Training settings. The defaults are those used for the builtin model.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Seed for shuffling and exploration (training is deterministic given the seed).
    pub seed: u64,
    /// Maximum tagger epochs (the best on dev is kept).
    pub tagger_epochs: usize,
    /// Maximum parser epochs (the best on dev is kept).
    pub parser_epochs: usize,
    /// Epochs without dev improvement before stopping.
    pub patience: usize,
    /// Folds for jackknifed training tags for the parser (< 2: train the parser on gold tags).
    pub jackknife: usize,
    /// Averaged weights below this magnitude are dropped from the model.
    pub prune: f32,
    /// First parser epoch (1-based) that follows its own predictions.
    pub explore_from: usize,
    /// Probability of following the prediction when exploring.
    pub explore_p: f64,
    /// Unlabelled parser transitions with a separate arc labeller (else labelled moves).
    pub labeler: bool,
    /// Parser beam width (1: greedy parsing and training).
    pub beam: usize,
    /// First parser epoch (1-based) trained globally with the beam (earlier ones greedily).
    pub beam_from: usize,
    /// Global training with max-violation updates (else early updates).
    pub max_violation: bool,
    /// When set, the model as it stands after each parser epoch from `snapshot_from` on is
    /// also written to `PREFIX.eN` (to choose the number of epochs of a run without dev
    /// data from another run's dev curve).
    pub snapshot_prefix: Option<String>,
    pub snapshot_from: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            seed: 1,
            tagger_epochs: 12,
            parser_epochs: 20,
            patience: 3,
            jackknife: 4,
            prune: 0.25,
            explore_from: 2,
            explore_p: 0.9,
            labeler: false,
            beam: 1,
            beam_from: 1,
            max_violation: true,
            snapshot_prefix: None,
            snapshot_from: 1,
        }
    }
}

/// Accuracy figures (fractions of words).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    /// Labeled attachment, comparing universal relations (subtypes dropped).
    pub las: f64,
    pub words: usize,
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "words {} UPOS {:.4} XPOS {:.4} lemma {:.4} UAS {:.4} LAS {:.4}",
            self.words, self.upos, self.xpos, self.lemma, self.uas, self.las
        )
    }
}

fn word_infos(s: &GoldSentence, buf: &mut WordBuf) -> Vec<WordInfo> {
    s.forms.iter().map(|f| WordInfo::new(f, buf)).collect()
}

fn tag_sents(sents: &[GoldSentence], classes: &[(dyad_text::Upos, Xpos)]) -> Vec<TagSent> {
    let mut buf = WordBuf::default();
    sents
        .iter()
        .map(|s| TagSent {
            words: word_infos(s, &mut buf),
            gold: s
                .upos
                .iter()
                .zip(&s.xpos)
                .map(|(&u, &x)| {
                    classes
                        .iter()
                        .position(|&c| c == (u, x))
                        .map_or(u8::MAX, |p| p as u8)
                })
                .collect(),
        })
        .collect()
}

fn predicted_xpos(tagger: &Tagger, words: &[WordInfo]) -> Vec<u8> {
    let (mut out, mut feats, mut scores) = (Vec::new(), Vec::new(), Vec::new());
    tagger.tag(words, &mut out, &mut feats, &mut scores);
    out.iter().map(|&c| tagger.class(c).1 .0).collect()
}

/// Trains tagger, lemmatizer and parser on `train`, choosing epochs on `dev` (which may be
/// empty: then the maximum epochs are run). Deterministic for a given `opts.seed`.
pub fn train(
    train: &[GoldSentence],
    dev: &[GoldSentence],
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Model {
    let t0 = std::time::Instant::now();
    let train: Vec<GoldSentence> = train.iter().filter(|s| !s.is_empty()).cloned().collect();
    let lemmatizer = Lemmatizer::train(train.iter().flat_map(|s| {
        s.forms
            .iter()
            .zip(&s.xpos)
            .zip(&s.lemmas)
            .map(|((f, &x), l)| (f.as_str(), x, l.as_str()))
    }));
    progress(&format!(
        "lemmatizer trained ({:.1}s)",
        t0.elapsed().as_secs_f64()
    ));

    let classes = tagger::class_set(
        train
            .iter()
            .flat_map(|s| s.upos.iter().copied().zip(s.xpos.iter().copied())),
    );
    let ttrain = tag_sents(&train, &classes);
    let tdev = tag_sents(dev, &classes);
    let topts = TagTrainOpts {
        max_epochs: opts.tagger_epochs,
        patience: opts.patience,
        seed: opts.seed,
        prune: opts.prune,
    };
    let (tagger, tag_epochs) = tagger::train(&classes, &ttrain, &tdev, &topts, progress);
    progress(&format!(
        "tagger: {} classes, kept epoch {tag_epochs} ({:.1}s)",
        classes.len(),
        t0.elapsed().as_secs_f64()
    ));

    // Tags the parser trains on: jackknifed predictions (or gold).
    let train_tags: Vec<Vec<u8>> = if opts.jackknife >= 2 {
        let k = opts.jackknife;
        let fixed = TagTrainOpts {
            max_epochs: tag_epochs,
            ..topts.clone()
        };
        let folds: Vec<Vec<(usize, Vec<u8>)>> = (0..k)
            .into_par_iter()
            .map(|f| {
                let rest: Vec<TagSent> = ttrain
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % k != f)
                    .map(|(_, s)| TagSent {
                        words: s.words.clone(),
                        gold: s.gold.clone(),
                    })
                    .collect();
                let (t, _) = tagger::train(&classes, &rest, &[], &fixed, &mut |_| {});
                ttrain
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % k == f)
                    .map(|(i, s)| (i, predicted_xpos(&t, &s.words)))
                    .collect()
            })
            .collect();
        let mut tags = vec![Vec::new(); ttrain.len()];
        for (i, t) in folds.into_iter().flatten() {
            tags[i] = t;
        }
        progress(&format!(
            "jackknifed training tags ({k} folds, {:.1}s)",
            t0.elapsed().as_secs_f64()
        ));
        tags
    } else {
        train
            .iter()
            .map(|s| s.xpos.iter().map(|x| x.0).collect())
            .collect()
    };

    let mut labels: Vec<DepRel> = train
        .iter()
        .flat_map(|s| s.deprels.iter().copied())
        .filter(|r| r.is_set())
        .collect();
    labels.push(DepRel::from_name("root").expect("root is a relation"));
    labels.sort_unstable();
    labels.dedup();
    let ptrain: Vec<ParseSent> = train
        .iter()
        .zip(ttrain)
        .zip(train_tags)
        .filter(|((s, _), _)| conllu::is_tree(&s.heads))
        .map(|((s, t), tags)| ParseSent::new(t.words, tags, &s.heads, &s.deprels, &labels))
        .collect();
    let pdev: Vec<ParseSent> = dev
        .iter()
        .zip(tdev)
        .filter(|(s, _)| conllu::is_tree(&s.heads))
        .map(|(s, t)| {
            let tags = predicted_xpos(&tagger, &t.words);
            ParseSent::new(t.words, tags, &s.heads, &s.deprels, &labels)
        })
        .collect();
    let popts = ParseTrainOpts {
        max_epochs: opts.parser_epochs,
        patience: opts.patience,
        seed: opts.seed,
        prune: opts.prune,
        explore_from: opts.explore_from,
        explore_p: opts.explore_p,
        labeler: opts.labeler,
        beam: opts.beam,
        beam_from: opts.beam_from,
        max_violation: opts.max_violation,
    };
    let mut snapshot = |epoch: usize, parser: &parser::Parser, progress: &mut dyn FnMut(&str)| {
        let Some(prefix) = &opts.snapshot_prefix else {
            return;
        };
        if epoch < opts.snapshot_from {
            return;
        }
        let m = Model {
            tagger: tagger.clone(),
            lemmatizer: lemmatizer.clone(),
            parser: parser.clone(),
        };
        let path = format!("{prefix}.e{epoch}");
        match m.save(&path) {
            Ok(()) => progress(&format!("snapshot {path}")),
            Err(e) => progress(&format!("snapshot {path} not written: {e}")),
        }
    };
    let (parser, p_epochs) = parser::train(labels, &ptrain, &pdev, &popts, progress, &mut snapshot);
    progress(&format!(
        "parser: kept epoch {p_epochs} ({:.1}s)",
        t0.elapsed().as_secs_f64()
    ));
    Model {
        tagger,
        lemmatizer,
        parser,
    }
}

/// Annotates the words of `gold` with `model` and scores the result. All words count,
/// punctuation included; LAS compares universal relations (subtypes dropped).
pub fn evaluate(model: &Model, gold: &[GoldSentence]) -> Scores {
    let mut doc = conllu::to_doc(gold);
    model.annotate(&mut doc);
    let mut sc = Scores::default();
    let (mut up, mut xp, mut lem, mut ua, mut la) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut i = 0usize;
    for s in gold {
        let start = i as u32;
        for k in 0..s.len() {
            let t = doc.token(i);
            up += (t.upos() == s.upos[k]) as usize;
            xp += (t.xpos() == s.xpos[k]) as usize;
            lem += (t.lemma() == s.lemmas[k]) as usize;
            let h = doc.head[i];
            let h = if h == dyad_text::NO_HEAD {
                h
            } else {
                h - start
            };
            if h == s.heads[k] {
                ua += 1;
                la += (doc.deprel[i].universal() == s.deprels[k].universal()) as usize;
            }
            i += 1;
        }
    }
    let n = i.max(1) as f64;
    sc.words = i;
    sc.upos = up as f64 / n;
    sc.xpos = xp as f64 / n;
    sc.lemma = lem as f64 / n;
    sc.uas = ua as f64 / n;
    sc.las = la as f64 / n;
    sc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny treebank of our own sentences.
    const TOY: &str = "\
1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\ttown\ttown\tNOUN\tNN\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_
4\tCairo\tCairo\tPROPN\tNNP\t_\t3\tobj\t_\t_
5\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_
6\tMonday\tMonday\tPROPN\tNNP\t_\t3\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tshelled\tshell\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tvillage\tvillage\tNOUN\tNN\t_\t2\tobj\t_\t_
5\tand\tand\tCCONJ\tCC\t_\t6\tcc\t_\t_
6\tleft\tleave\tVERB\tVBD\t_\t2\tconj\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

    /// Every parser kind learns the toy treebank and survive a round trip through bytes.
    #[test]
    fn trains_both_parser_kinds_and_round_trips() {
        let gold = conllu::parse(TOY).unwrap();
        for labeler in [false, true] {
            let opts = TrainOptions {
                tagger_epochs: 5,
                parser_epochs: 8,
                jackknife: 0,
                prune: 0.0,
                labeler,
                ..TrainOptions::default()
            };
            let model = train(&gold, &[], &opts, &mut |_| {});
            let s = evaluate(&model, &gold);
            assert!(s.upos > 0.9 && s.uas > 0.9 && s.las > 0.9, "{labeler}: {s}");
            let back = Model::from_bytes(&model.to_bytes()).unwrap();
            assert_eq!(evaluate(&back, &gold), s, "{labeler}");
            assert_eq!(back.parser.labeler.is_some(), labeler);
        }
    }
}
