//! PLOVER category of an event from its CAMEO code and its status.
//!
//! The codebook maps each CAMEO code to a PLOVER category. The PLOVER manual (draft 0.8, "Event
//! Categories" and "Auxiliary modes") also folds some status into the category, and asks for
//! the single category rather than a category plus an auxiliary mode:
//! - cooperative acts (CONSULT, SUPPORT, COOPERATE, AID) reported in the future or as plans
//!   are AGREE ("will visit", "plans to send aid", "would meet");
//! - announced retreats (RETREAT in the future) are CONCEDE ("announced it would withdraw");
//! - announced force, coercion, sanctions and protest are THREATEN ("will impose
//!   restrictions", "threatened to launch an offensive");
//! - a negated or refused cooperative act is REJECT ("will not accept", "refused to meet",
//!   "failed to reach an agreement").
//!
//! The CAMEO code is left as coded; only the PLOVER fields change. The mode of a THREATEN
//! event is the codebook mode of CAMEO's matching threat code (13x).

use crate::record::Status;
use dyad_lexicon::verbs::Codebook;

/// The PLOVER (category, mode) of an event with CAMEO `code` (whose codebook category and
/// mode are `category`, `mode`) and status `status`.
pub fn category(
    codebook: &Codebook,
    code: &str,
    category: Option<String>,
    mode: Option<String>,
    status: Status,
) -> (Option<String>, Option<String>) {
    let Some(cat) = category else {
        return (None, mode);
    };
    let cooperative = matches!(
        cat.as_str(),
        "AGREE" | "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "CONCEDE" | "RETREAT"
    );
    match status {
        Status::Negated if cooperative => {
            let m = codebook
                .get(reject_code(code))
                .and_then(|i| i.plover_mode.clone());
            (Some("REJECT".into()), m)
        }
        Status::Planned => match cat.as_str() {
            "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" => (Some("AGREE".into()), None),
            "RETREAT" => (Some("CONCEDE".into()), None),
            "ASSAULT" | "COERCE" | "SANCTION" | "PROTEST" => {
                let m = threat_code(code).and_then(|c| codebook.get(c)?.plover_mode.clone());
                (Some("THREATEN".into()), m)
            }
            _ => (Some(cat), mode),
        },
        _ => (Some(cat), mode),
    }
}

/// CAMEO's threat code (13x) for a conflictual act: sanctions -> 1312, breaking relations ->
/// 1313, curfew -> 1323, attack -> 1384, protest -> 133.
pub fn threat_code(code: &str) -> Option<&'static str> {
    let c = match code {
        "160" => "131",
        "161" => "1313",
        "162" | "1621" | "1622" | "1623" => "1311",
        "163" => "1312",
        "164" => "134",
        "165" => "135",
        "166" | "1661" | "1662" | "1663" | "174" => "136",
        "172" => "132",
        "1721" => "1321",
        "1722" => "1322",
        "1723" => "1323",
        "1724" => "1324",
        "175" => "137",
        "191" => "1381",
        "192" => "1382",
        "190" | "193" | "194" | "195" | "1951" | "1952" | "196" => "1384",
        "204" | "2041" | "2042" => "1385",
        _ => match code.get(..2)? {
            "14" => "133",
            "17" => "130",
            "18" | "20" => "1383",
            "19" => "138",
            "16" => "131",
            _ => return None,
        },
    };
    Some(c)
}

/// CAMEO's refusal code (12x) for a cooperative act not done: meeting -> 125, material
/// cooperation -> 121x, aid -> 120, yielding -> 124x, agreement -> 127.
pub fn reject_code(code: &str) -> &'static str {
    match code {
        "036" | "040" | "041" | "042" | "043" | "044" | "045" | "046" => "125",
        "037" | "057" => "127",
        "038" | "039" => "126",
        "031" | "060" => "121",
        "0311" | "061" => "1211",
        "0312" | "062" => "1212",
        "0313" | "063" => "1213",
        "0314" | "064" => "1214",
        "081" | "0811" | "0812" | "0813" | "0814" | "0351" => "1241",
        "082" | "0352" => "1242",
        "084" | "0841" | "0842" | "0353" => "1243",
        "085" | "0354" => "1244",
        "086" | "0861" | "0862" | "0863" | "0355" => "1245",
        "087" | "0871" | "0872" | "0873" | "0874" | "0356" => "1246",
        "080" | "035" => "124",
        "083" | "0831" | "0832" | "0833" | "0834" | "034" => "123",
        _ => "120",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(code: &str, status: Status) -> Option<String> {
        let cb = Codebook::builtin();
        let i = cb.get(code).unwrap();
        category(cb, code, i.plover.clone(), i.plover_mode.clone(), status).0
    }

    #[test]
    fn future_and_negation_fold_into_the_category() {
        use Status::*;
        assert_eq!(cat("042", Planned).as_deref(), Some("AGREE"));
        assert_eq!(cat("042", Asserted).as_deref(), Some("CONSULT"));
        assert_eq!(cat("0874", Planned).as_deref(), Some("CONCEDE"));
        assert_eq!(cat("163", Planned).as_deref(), Some("THREATEN"));
        assert_eq!(cat("190", Planned).as_deref(), Some("THREATEN"));
        assert_eq!(cat("040", Negated).as_deref(), Some("REJECT"));
        assert_eq!(cat("190", Negated).as_deref(), Some("ASSAULT"));
        assert_eq!(cat("112", Planned).as_deref(), Some("ACCUSE"));
        assert_eq!(cat("190", Alleged).as_deref(), Some("ASSAULT"));
    }

    #[test]
    fn mapped_codes_are_in_the_codebook() {
        let cb = Codebook::builtin();
        for row in cb.iter() {
            if let Some(c) = threat_code(&row.code) {
                assert!(cb.get(c).is_some(), "{} -> {c}", row.code);
            }
            let c = reject_code(&row.code);
            assert!(cb.get(c).is_some(), "{} -> {c}", row.code);
        }
    }
}
