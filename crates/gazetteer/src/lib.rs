//! dyad's gazetteer: countries, first-level regions, cities of about 100,000 people or more
//! (and every national capital), and sub-national areas that news uses as places ("Gaza
//! Strip", "Donbas", "south Lebanon"), with lookup of a place name over a slice of tokens.
//!
//! The built-in data (`data/places/*.tsv` in the repository, generated from GeoNames by
//! `tools/places/build_places.py`, areas hand-written) is compiled into the binary and parsed
//! once, on first use, by [`Gazetteer::builtin`].
//!
//! Matching ([`Gazetteer::lookup`]):
//! - takes the longest name that starts at the first token;
//! - folds accents and case ("Erdoğan"/"Erdogan", "KYIV"/"Kyiv") and apostrophes
//!   ("Sana'a"/"Sanaa"), and treats hyphens and periods as word breaks, so both
//!   `["Ivano-Frankivsk"]` and `["Ivano", "-", "Frankivsk"]` match;
//! - is case-sensitive on capitalised words: "Nice" matches the city, "nice" does not
//!   (particles such as "al", "de", "on" and type words such as "region", "oblast",
//!   "province" match in any case);
//! - reads a leading compass word as a [`Direction`] of the place that follows
//!   ("northern Syria", "south-eastern Ukraine"), unless a longer name includes it
//!   ("South Sudan", "North Kivu", "south Lebanon").
//!
//! Ambiguity policy: the candidates of a match are ordered so that [`Match::best`] is a place
//! in the hinted country if any, else a country, else a hand-written area, else the city with
//! the largest population (a national capital counting ten times its population), else a
//! region. Names that are also common English words or person names ("Nice", "Reading",
//! "Victoria") carry a [`Match::flag`], so a coder can require a locative context ("in
//! Nice") before taking them as a place.

mod fold;

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

pub use fold::{atoms, key, Atom};

/// What kind of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    Country,
    /// A first-level administrative division (state, province, oblast, governorate...).
    Region,
    /// A city or town.
    City,
    /// A well-known area that is not an administrative unit (or not a first-level one):
    /// "Gaza Strip", "Donbas", "Kashmir", "Red Sea".
    Area,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::City => "city",
            PlaceKind::Area => "area",
        }
    }

    /// Rank in the ambiguity policy (lower first).
    fn rank(self) -> u8 {
        match self {
            PlaceKind::Country => 0,
            PlaceKind::Area => 1,
            PlaceKind::City => 2,
            PlaceKind::Region => 3,
        }
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One place of the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Preferred name ("Kyiv", "Kharkiv Oblast", "Gaza Strip").
    pub name: String,
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-3 code of the country it lies in (of itself, for a country);
    /// `None` for seas and straits shared by several countries.
    pub country: Option<String>,
    /// For a city: the name of its first-level region, when known.
    pub region: Option<String>,
    /// Population (0 when unknown, as for regions and areas).
    pub population: u64,
    pub geonames_id: Option<u32>,
    /// A national capital.
    pub capital: bool,
    /// Latitude and longitude of a city.
    pub coords: Option<(f32, f32)>,
    /// ISO 3166-2 code of a region, ISO 3166-1 alpha-2 code of a country.
    pub code: Option<String>,
    /// A short description (areas) or the division type (regions: "Province", "State").
    pub note: Option<String>,
}

impl Place {
    /// Score used to order candidates of the same kind: population, times ten for capitals.
    fn score(&self) -> u64 {
        if self.capital {
            self.population.saturating_mul(10)
        } else {
            self.population
        }
    }
}

/// Why a name needs a locative context before it is taken as a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ambiguity {
    /// A common English word ("Nice", "Split", "Reading", "Mobile").
    Word,
    /// A given name or surname ("Victoria", "Jackson", "Santos").
    Person,
    /// Both.
    WordAndPerson,
}

impl Ambiguity {
    pub fn as_str(self) -> &'static str {
        match self {
            Ambiguity::Word => "word",
            Ambiguity::Person => "person",
            Ambiguity::WordAndPerson => "word+person",
        }
    }

    fn parse(s: &str) -> Option<Ambiguity> {
        match s {
            "word" => Some(Ambiguity::Word),
            "person" => Some(Ambiguity::Person),
            "word+person" | "person+word" => Some(Ambiguity::WordAndPerson),
            _ => None,
        }
    }
}

/// A compass qualifier read before a place name ("northern Syria" -> `North`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    North,
    South,
    East,
    West,
    NorthEast,
    NorthWest,
    SouthEast,
    SouthWest,
    Central,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::North => "north",
            Direction::South => "south",
            Direction::East => "east",
            Direction::West => "west",
            Direction::NorthEast => "northeast",
            Direction::NorthWest => "northwest",
            Direction::SouthEast => "southeast",
            Direction::SouthWest => "southwest",
            Direction::Central => "central",
        }
    }

    /// The direction named by a folded word ("northern", "northeast", "north-eastern" folded
    /// and joined as "northeastern").
    fn from_word(w: &str) -> Option<Direction> {
        Some(match w {
            "north" | "northern" => Direction::North,
            "south" | "southern" => Direction::South,
            "east" | "eastern" => Direction::East,
            "west" | "western" => Direction::West,
            "northeast" | "northeastern" => Direction::NorthEast,
            "northwest" | "northwestern" => Direction::NorthWest,
            "southeast" | "southeastern" => Direction::SouthEast,
            "southwest" | "southwestern" => Direction::SouthWest,
            "central" => Direction::Central,
            _ => return None,
        })
    }
}

/// A place name found at the start of a token slice.
#[derive(Clone, Debug)]
pub struct Match<'g> {
    /// Number of tokens covered, compass words included.
    pub len: usize,
    /// Compass qualifier read before the name ("northern" in "northern Syria").
    pub direction: Option<Direction>,
    /// Set when the matched name is also a common word or a person's name.
    pub flag: Option<Ambiguity>,
    candidates: Vec<&'g Place>,
}

impl<'g> Match<'g> {
    /// The preferred place (see the crate docs for the policy).
    pub fn best(&self) -> &'g Place {
        self.candidates[0]
    }

    /// Every place with this name, best first.
    pub fn candidates(&self) -> &[&'g Place] {
        &self.candidates
    }

    /// Whether a coder should require a locative context ("in", "near"...) before taking
    /// this name as a place.
    pub fn needs_locative(&self) -> bool {
        self.flag.is_some()
    }
}

/// A match found by [`Gazetteer::find_all`], starting at token `start`.
#[derive(Clone, Debug)]
pub struct Found<'g> {
    pub start: usize,
    pub m: Match<'g>,
}

impl Found<'_> {
    /// Token range `[start, end)`.
    pub fn end(&self) -> usize {
        self.start + self.m.len
    }
}

/// Error in gazetteer source text.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LoadError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// The texts of the gazetteer files (the formats written by `tools/places/build_places.py`;
/// see the header line of each file).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    pub countries: &'a str,
    pub regions: &'a str,
    pub cities: &'a str,
    pub areas: &'a str,
    pub ambiguous: &'a str,
}

impl Sources<'static> {
    /// The files compiled into this crate.
    pub fn builtin() -> Sources<'static> {
        Sources {
            countries: include_str!("../../../data/places/countries.tsv"),
            regions: include_str!("../../../data/places/regions.tsv"),
            cities: include_str!("../../../data/places/cities.tsv"),
            areas: include_str!("../../../data/places/areas.tsv"),
            ambiguous: include_str!("../../../data/places/ambiguous.tsv"),
        }
    }
}

/// Words of a name that match in any case: particles and division types.
const CASE_FREE: &[&str] = &[
    "al",
    "el",
    "ad",
    "ar",
    "as",
    "ash",
    "at",
    "az",
    "an",
    "ath",
    "adh",
    "ed",
    "es",
    "en",
    "er",
    "ez",
    "de",
    "del",
    "dos",
    "das",
    "da",
    "do",
    "di",
    "du",
    "des",
    "la",
    "le",
    "les",
    "los",
    "las",
    "lo",
    "van",
    "von",
    "der",
    "den",
    "of",
    "the",
    "and",
    "y",
    "e",
    "et",
    "upon",
    "on",
    "sur",
    "am",
    "im",
    "bin",
    "ibn",
    "sul",
    "na",
    "nad",
    "ul",
    "um",
    "il",
    "au",
    "aux",
    "sa",
    "region",
    "regions",
    "province",
    "provinces",
    "oblast",
    "governorate",
    "state",
    "district",
    "department",
    "county",
    "prefecture",
    "krai",
    "kray",
    "territory",
    "republic",
    "municipality",
    "division",
    "emirate",
    "canton",
    "voivodeship",
    "city",
    "area",
    "valley",
    "islands",
    "island",
    "peninsula",
    "strip",
    "strait",
    "straits",
    "sea",
    "gulf",
    "heights",
    "okrug",
    "autonomous",
    "zone",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
];

/// One distinct matching key: its atoms, which of them must be capitalised, its places.
#[derive(Debug)]
struct KeyEntry {
    /// Range into `Gazetteer::key_atoms`.
    start: u32,
    len: u8,
    /// Bit i set: atom i must be written capitalised.
    caps: u64,
    flag: Option<Ambiguity>,
    /// Range into `Gazetteer::key_places`: place indices, best first without a hint.
    places: (u32, u32),
}

/// The gazetteer: places and a name index over them.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Atom text -> atom id.
    atom_ids: Interner,
    key_atoms: Vec<u32>,
    keys: Vec<KeyEntry>,
    key_places: Vec<u32>,
    /// First atom id -> range of `first_keys`: the keys starting with it, longest first.
    by_first: Map<u32, (u32, u32)>,
    first_keys: Vec<u32>,
    /// Longest key, in atoms.
    max_atoms: usize,
    /// Country alpha-3 -> place index.
    countries: Map<String, u32>,
}

static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();

/// FNV-1a: the index hashes many short keys, where SipHash's set-up dominates.
#[derive(Clone, Copy, Debug, Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, v: u64) {
        // Keys of this type are already hashes.
        self.0 = v;
    }
}

type FnvBuild = std::hash::BuildHasherDefault<Fnv>;
type Map<K, V> = HashMap<K, V, FnvBuild>;

fn fnv(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Next probe after a hash collision.
const PROBE: u64 = 0x9e37_79b9_7f4a_7c15;

/// Strings to dense ids, kept in one arena (no allocation per string).
#[derive(Debug, Default)]
struct Interner {
    /// Hash (probed past collisions) -> id.
    map: Map<u64, u32>,
    text: String,
    ends: Vec<u32>,
}

impl Interner {
    fn with_capacity(n: usize) -> Interner {
        Interner {
            map: Map::with_capacity_and_hasher(n, FnvBuild::default()),
            text: String::with_capacity(n * 8),
            ends: Vec::with_capacity(n),
        }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn str(&self, id: u32) -> &str {
        let end = self.ends[id as usize] as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id as usize - 1] as usize
        };
        &self.text[start..end]
    }

    fn get(&self, s: &str) -> Option<u32> {
        let mut h = fnv(s.bytes());
        loop {
            let &id = self.map.get(&h)?;
            if self.str(id) == s {
                return Some(id);
            }
            h = h.wrapping_add(PROBE);
        }
    }

    fn intern(&mut self, s: &str) -> u32 {
        let mut h = fnv(s.bytes());
        loop {
            match self.map.get(&h) {
                Some(&id) if self.str(id) == s => return id,
                Some(_) => h = h.wrapping_add(PROBE),
                None => break,
            }
        }
        let id = self.ends.len() as u32;
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        self.map.insert(h, id);
        id
    }
}

fn hash_ids(ids: &[u32]) -> u64 {
    fnv(ids.iter().flat_map(|i| i.to_le_bytes()))
}

struct Builder {
    places: Vec<Place>,
    atom_ids: Interner,
    /// Hash of a key's atom ids (probed past collisions) -> key index.
    key_ids: Map<u64, u32>,
    key_atoms: Vec<u32>,
    /// (key, place) pairs.
    pairs: Vec<(u32, u32)>,
    keys: Vec<KeyEntry>,
    /// Atom ids below this are the `CASE_FREE` words (interned first).
    case_free: u32,
    scratch: fold::AtomBuf,
    ids: Vec<u32>,
}

impl Builder {
    fn new() -> Builder {
        let mut b = Builder {
            places: Vec::new(),
            atom_ids: Interner::with_capacity(1 << 16),
            key_ids: Map::with_capacity_and_hasher(1 << 16, FnvBuild::default()),
            key_atoms: Vec::with_capacity(1 << 17),
            pairs: Vec::with_capacity(1 << 17),
            keys: Vec::new(),
            case_free: 0,
            scratch: fold::AtomBuf::default(),
            ids: Vec::new(),
        };
        for w in CASE_FREE {
            b.intern(w);
        }
        b.case_free = b.atom_ids.len() as u32;
        b
    }

    fn intern(&mut self, atom: &str) -> u32 {
        self.atom_ids.intern(atom)
    }

    /// The key with these atom ids: Ok(index), or Err(hash slot to insert it at).
    fn find_key(&self, ids: &[u32]) -> Result<u32, u64> {
        let mut h = hash_ids(ids);
        loop {
            match self.key_ids.get(&h) {
                None => return Err(h),
                Some(&k) => {
                    let e = &self.keys[k as usize];
                    let s = e.start as usize;
                    if self.key_atoms[s..s + e.len as usize] == *ids {
                        return Ok(k);
                    }
                    h = h.wrapping_add(PROBE);
                }
            }
        }
    }

    /// Indexes `name` for place `place`.
    fn add_name(&mut self, name: &str, place: u32) {
        let mut atoms = std::mem::take(&mut self.scratch);
        atoms.fold(name);
        if atoms.is_empty() || atoms.len() > 64 {
            self.scratch = atoms;
            return;
        }
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        let mut caps = 0u64;
        for i in 0..atoms.len() {
            let (text, capitalised) = atoms.get(i);
            let id = self.intern(text);
            if capitalised
                && !text.starts_with(|c: char| c.is_ascii_digit())
                && id >= self.case_free
            {
                caps |= 1 << i;
            }
            ids.push(id);
        }
        self.scratch = atoms;
        let k = match self.find_key(&ids) {
            Ok(k) => k,
            Err(h) => {
                let k = self.keys.len() as u32;
                self.keys.push(KeyEntry {
                    start: self.key_atoms.len() as u32,
                    len: ids.len() as u8,
                    caps,
                    flag: None,
                    places: (0, 0),
                });
                self.key_atoms.extend_from_slice(&ids);
                self.key_ids.insert(h, k);
                k
            }
        };
        self.ids = ids;
        // The same letters written in several ways: the least demanding case rule wins.
        self.keys[k as usize].caps &= caps;
        self.pairs.push((k, place));
    }

    fn add_place(&mut self, place: Place, names: &[&str]) -> u32 {
        let id = self.places.len() as u32;
        let primary = place.name.clone();
        self.places.push(place);
        self.add_name(&primary, id);
        for n in names {
            self.add_name(n, id);
        }
        id
    }

    fn finish(mut self, flags: Vec<(String, Ambiguity)>) -> Gazetteer {
        let mut atoms = fold::AtomBuf::default();
        for (name, flag) in flags {
            atoms.fold(&name);
            let ids: Option<Vec<u32>> = (0..atoms.len())
                .map(|i| self.atom_ids.get(atoms.get(i).0))
                .collect();
            if let Some(Ok(k)) = ids.map(|ids| self.find_key(&ids)) {
                self.keys[k as usize].flag = Some(flag);
            }
        }
        // Places of each key, in policy order.
        let places = &self.places;
        let mut pairs = std::mem::take(&mut self.pairs);
        pairs.sort_unstable_by(|&(ka, a), &(kb, b)| {
            let (pa, pb) = (&places[a as usize], &places[b as usize]);
            ka.cmp(&kb)
                .then(pa.kind.rank().cmp(&pb.kind.rank()))
                .then(pb.score().cmp(&pa.score()))
                .then(a.cmp(&b))
        });
        pairs.dedup();
        let mut key_places = Vec::with_capacity(pairs.len());
        let mut i = 0;
        while i < pairs.len() {
            let k = pairs[i].0;
            let start = key_places.len() as u32;
            while i < pairs.len() && pairs[i].0 == k {
                key_places.push(pairs[i].1);
                i += 1;
            }
            self.keys[k as usize].places = (start, key_places.len() as u32);
        }
        // Keys by first atom, longest first.
        let mut first_keys: Vec<u32> = (0..self.keys.len() as u32).collect();
        let first_of = |k: u32| self.key_atoms[self.keys[k as usize].start as usize];
        first_keys.sort_unstable_by_key(|&k| {
            (first_of(k), std::cmp::Reverse(self.keys[k as usize].len), k)
        });
        let mut by_first: Map<u32, (u32, u32)> =
            Map::with_capacity_and_hasher(self.atom_ids.len(), FnvBuild::default());
        let mut i = 0;
        while i < first_keys.len() {
            let f = first_of(first_keys[i]);
            let start = i;
            while i < first_keys.len() && first_of(first_keys[i]) == f {
                i += 1;
            }
            by_first.insert(f, (start as u32, i as u32));
        }
        let max_atoms = self.keys.iter().map(|k| k.len as usize).max().unwrap_or(0);
        let countries = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == PlaceKind::Country)
            .filter_map(|(i, p)| Some((p.country.clone()?, i as u32)))
            .collect();
        Gazetteer {
            places: self.places,
            atom_ids: self.atom_ids,
            key_atoms: self.key_atoms,
            keys: self.keys,
            key_places,
            by_first,
            first_keys,
            max_atoms,
            countries,
        }
    }
}

/// Rows of a TSV text, skipping blank lines and `#` comments: (line number, fields).
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn split_aliases(s: &str) -> Vec<&str> {
    s.split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect()
}

impl Gazetteer {
    /// The built-in gazetteer, parsed on first use.
    ///
    /// # Panics
    /// If the compiled-in data is malformed (the crate's tests load it).
    pub fn builtin() -> &'static Gazetteer {
        BUILTIN.get_or_init(|| {
            Gazetteer::from_sources(Sources::builtin()).expect("built-in gazetteer data")
        })
    }

    /// Builds a gazetteer from the texts of its files.
    pub fn from_sources(src: Sources<'_>) -> Result<Gazetteer, LoadError> {
        let mut b = Builder::new();
        let err = |file: &'static str, line: usize, message: String| LoadError {
            file,
            line,
            message,
        };
        let num =
            |file: &'static str, line: usize, what: &str, s: &str| -> Result<u64, LoadError> {
                if s.trim().is_empty() {
                    return Ok(0);
                }
                s.trim()
                    .parse::<u64>()
                    .map_err(|_| err(file, line, format!("bad {what} {s:?}")))
            };
        let id = |n: u64| (n > 0 && n <= u32::MAX as u64).then_some(n as u32);

        for (line, f) in rows(src.countries) {
            const FILE: &str = "countries.tsv";
            if f.len() < 2 {
                return Err(err(FILE, line, "expected name, alpha3, ...".into()));
            }
            let get = |i: usize| f.get(i).copied().unwrap_or("");
            let place = Place {
                name: f[0].trim().to_string(),
                kind: PlaceKind::Country,
                country: opt(f[1]),
                region: None,
                population: num(FILE, line, "population", get(4))?,
                geonames_id: id(num(FILE, line, "GeoNames id", get(5))?),
                capital: false,
                coords: None,
                code: opt(get(2)),
                note: None,
            };
            b.add_place(place, &split_aliases(get(3)));
        }
        for (line, f) in rows(src.regions) {
            const FILE: &str = "regions.tsv";
            if f.len() < 3 {
                return Err(err(
                    FILE,
                    line,
                    "expected name, aliases, country, ...".into(),
                ));
            }
            let get = |i: usize| f.get(i).copied().unwrap_or("");
            let place = Place {
                name: f[0].trim().to_string(),
                kind: PlaceKind::Region,
                country: opt(f[2]),
                region: None,
                population: 0,
                geonames_id: id(num(FILE, line, "GeoNames id", get(3))?),
                capital: false,
                coords: None,
                code: opt(get(5)),
                note: opt(get(6)),
            };
            b.add_place(place, &split_aliases(f[1]));
        }
        for (line, f) in rows(src.cities) {
            const FILE: &str = "cities.tsv";
            if f.len() < 9 {
                return Err(err(
                    FILE,
                    line,
                    format!("expected 10 fields, got {}", f.len()),
                ));
            }
            let coord = |s: &str| s.trim().parse::<f32>().ok();
            let coords = coord(f[6]).zip(coord(f[7]));
            let place = Place {
                name: f[0].trim().to_string(),
                kind: PlaceKind::City,
                country: opt(f[3]),
                region: opt(f[4]),
                population: num(FILE, line, "population", f[5])?,
                geonames_id: id(num(FILE, line, "GeoNames id", f[8])?),
                capital: f.get(9).is_some_and(|s| s.trim() == "1"),
                coords,
                code: None,
                note: None,
            };
            let mut names = split_aliases(f[2]);
            if !f[1].trim().is_empty() {
                names.push(f[1].trim());
            }
            b.add_place(place, &names);
        }
        for (line, f) in rows(src.areas) {
            const FILE: &str = "areas.tsv";
            if f.len() < 3 {
                return Err(err(
                    FILE,
                    line,
                    "expected name, aliases, country, note".into(),
                ));
            }
            let place = Place {
                name: f[0].trim().to_string(),
                kind: PlaceKind::Area,
                country: opt(f[2]),
                region: None,
                population: 0,
                geonames_id: None,
                capital: false,
                coords: None,
                code: None,
                note: f.get(3).and_then(|s| opt(s)),
            };
            b.add_place(place, &split_aliases(f[1]));
        }
        let mut flags = Vec::new();
        for (line, f) in rows(src.ambiguous) {
            const FILE: &str = "ambiguous.tsv";
            let why = f.get(1).map(|s| s.trim()).unwrap_or("");
            let flag = Ambiguity::parse(why)
                .ok_or_else(|| err(FILE, line, format!("unknown reason {why:?}")))?;
            flags.push((f[0].trim().to_string(), flag));
        }
        Ok(b.finish(flags))
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Every place, in file order (countries, regions, cities, areas).
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Number of distinct names (after folding).
    pub fn name_count(&self) -> usize {
        self.keys.len()
    }

    /// The country with this ISO alpha-3 code.
    pub fn country(&self, alpha3: &str) -> Option<&Place> {
        self.countries
            .get(alpha3)
            .map(|&i| &self.places[i as usize])
    }

    /// The places whose name (or one of its names) is exactly `name`, best first; `name` is
    /// cut at whitespace into tokens. Convenience for `lookup` when the whole name must match.
    pub fn by_name(&self, name: &str) -> Vec<&Place> {
        let tokens: Vec<&str> = name.split_whitespace().collect();
        match self.lookup(&tokens) {
            Some(m) if m.len == tokens.len() && m.direction.is_none() => m.candidates,
            _ => Vec::new(),
        }
    }

    /// The longest place name starting at `tokens[0]` (see the crate docs).
    pub fn lookup<S: AsRef<str>>(&self, tokens: &[S]) -> Option<Match<'_>> {
        self.lookup_hinted(tokens, None)
    }

    /// Like [`lookup`](Self::lookup), ordering candidates in country `hint` (ISO alpha-3)
    /// first: `["Tripoli"]` is the Libyan capital, but the Lebanese city with hint `LBN`.
    pub fn lookup_hinted<S: AsRef<str>>(
        &self,
        tokens: &[S],
        hint: Option<&str>,
    ) -> Option<Match<'_>> {
        let q = Query::new(self, tokens, self.max_atoms + 4);
        self.lookup_query(&q, 0, hint)
    }

    /// Every place name in `tokens`, left to right, without overlaps (the longest match
    /// at each position wins).
    pub fn find_all<S: AsRef<str>>(&self, tokens: &[S], hint: Option<&str>) -> Vec<Found<'_>> {
        let q = Query::new(self, tokens, usize::MAX);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.lookup_query(&q, i, hint) {
                Some(m) => {
                    let len = m.len;
                    out.push(Found { start: i, m });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    fn lookup_query(&self, q: &Query, start: usize, hint: Option<&str>) -> Option<Match<'_>> {
        let exact = self.exact(q, start);
        // A compass word first: "northern Syria", "south-eastern Ukraine".
        let mut qualified = None;
        if let Some((dir, next)) = q.direction_at(start) {
            if let Some((k, end)) = self.exact(q, next) {
                qualified = Some((dir, k, end));
            }
        }
        let (direction, k, end) = match (exact, qualified) {
            (Some((k, end)), Some((d, qk, qend))) => {
                if qend > end {
                    (Some(d), qk, qend)
                } else {
                    (None, k, end)
                }
            }
            (Some((k, end)), None) => (None, k, end),
            (None, Some((d, qk, qend))) => (Some(d), qk, qend),
            (None, None) => return None,
        };
        let entry = &self.keys[k as usize];
        let (a, b) = entry.places;
        let mut candidates: Vec<&Place> = self.key_places[a as usize..b as usize]
            .iter()
            .map(|&i| &self.places[i as usize])
            .collect();
        if let Some(h) = hint {
            // Stable: keeps the policy order within each group.
            candidates.sort_by_key(|p| p.country.as_deref() != Some(h));
        }
        Some(Match {
            len: end - start,
            direction,
            flag: entry.flag,
            candidates,
        })
    }

    /// The longest key matching at token `start`: (key index, end token).
    fn exact(&self, q: &Query, start: usize) -> Option<(u32, usize)> {
        let first = q.first_atom.get(start).copied().flatten()?;
        let (first_id, _) = q.atoms[first];
        let first_id = first_id?;
        let &(a, b) = self.by_first.get(&first_id)?;
        let avail = q.usable_atoms_from(first);
        for &k in &self.first_keys[a as usize..b as usize] {
            let e = &self.keys[k as usize];
            let n = e.len as usize;
            if n > avail {
                continue;
            }
            let ids = &self.key_atoms[e.start as usize..e.start as usize + n];
            let ok = ids.iter().enumerate().all(|(i, &id)| {
                let (qid, cap) = q.atoms[first + i];
                qid == Some(id) && (e.caps & (1 << i) == 0 || cap)
            });
            if !ok {
                continue;
            }
            // The name must end where a token ends.
            let last = first + n - 1;
            if q.atom_token[last].1 {
                return Some((k, q.atom_token[last].0 + 1));
            }
        }
        None
    }
}

/// Tokens folded once for matching.
struct Query {
    /// Each atom: its id (None when no name has it) and whether it was capitalised.
    atoms: Vec<(Option<u32>, bool)>,
    /// For each atom: its token and whether it is the token's last atom.
    atom_token: Vec<(usize, bool)>,
    /// For each token: index of its first atom, None for tokens without atoms.
    first_atom: Vec<Option<usize>>,
    /// For each atom: index one past the last atom reachable without crossing a stop token.
    run_end: Vec<usize>,
    /// Folded text of each token's atoms joined, for compass words.
    joined: Vec<String>,
    joiner: Vec<bool>,
}

impl Query {
    fn new<S: AsRef<str>>(g: &Gazetteer, tokens: &[S], limit: usize) -> Query {
        let n = tokens.len().min(limit);
        let mut q = Query {
            atoms: Vec::new(),
            atom_token: Vec::new(),
            first_atom: Vec::with_capacity(n),
            run_end: Vec::new(),
            joined: Vec::with_capacity(n),
            joiner: Vec::with_capacity(n),
        };
        let mut buf = fold::AtomBuf::default();
        // Atom index where each stop token (punctuation that breaks a name) sits.
        let mut stops = Vec::new();
        for t in &tokens[..n] {
            let t = t.as_ref();
            buf.fold(t);
            let joiner = buf.is_empty() && fold::is_joiner_token(t);
            q.joiner.push(joiner);
            let mut joined = String::new();
            if buf.is_empty() {
                q.first_atom.push(None);
                if !joiner {
                    stops.push(q.atoms.len());
                }
            } else {
                q.first_atom.push(Some(q.atoms.len()));
                let last = buf.len() - 1;
                let ti = q.first_atom.len() - 1;
                for i in 0..buf.len() {
                    let (text, capitalised) = buf.get(i);
                    joined.push_str(text);
                    q.atoms.push((g.atom_ids.get(text), capitalised));
                    q.atom_token.push((ti, i == last));
                }
            }
            q.joined.push(joined);
        }
        // run_end[i]: first stop position after atom i.
        q.run_end = vec![q.atoms.len(); q.atoms.len()];
        let mut next_stop = q.atoms.len();
        let mut s = stops.len();
        for i in (0..q.atoms.len()).rev() {
            while s > 0 && stops[s - 1] > i {
                next_stop = next_stop.min(stops[s - 1]);
                s -= 1;
            }
            q.run_end[i] = next_stop;
        }
        q
    }

    /// Atoms usable by a name starting at atom `first`.
    fn usable_atoms_from(&self, first: usize) -> usize {
        self.run_end[first] - first
    }

    /// A compass word (up to three tokens, "north" "-" "eastern") starting at token `start`:
    /// its direction and the token after it.
    fn direction_at(&self, start: usize) -> Option<(Direction, usize)> {
        let mut word = String::new();
        let mut best = None;
        for t in start..(start + 3).min(self.joined.len()) {
            if self.joiner[t] {
                continue;
            }
            if self.joined[t].is_empty() {
                break;
            }
            word.push_str(&self.joined[t]);
            if let Some(d) = Direction::from_word(&word) {
                best = Some((d, t + 1));
            }
        }
        // Skip a joiner right after it ("north-" would be odd; keep it simple).
        best.filter(|&(_, next)| next < self.joined.len())
    }
}

#[cfg(test)]
mod tests;
