//! Generated personal and place names. No real person is named.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

const ZH_SURNAMES: &str = concat!(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧",
    "程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾",
);
const ZH_GIVEN: &str = concat!(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌",
    "鹏辉亮宁凯健浩宇晨欣",
);
const LATIN_GIVEN: &[&str] = &[
    "Jordi", "Marc", "Pere", "Joan", "Pau", "Xavier", "Albert", "Oriol", "Toni", "Josep", "Maria",
    "Anna", "Laura", "Marta", "Núria", "Montse", "Carla", "Sílvia", "Elena", "Júlia",
];
const LATIN_SURNAMES: &[&str] = &[
    "Puig", "Vila", "Font", "Serra", "Soler", "Casal", "Riba", "Pujol", "Roca", "Camps", "Martí",
    "Ferrer", "Vidal", "Coma", "Pons", "Bonet", "Call", "Esteve", "Gil", "Mas",
];

/// Naming style of a data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Chinese names and suffixes (警务室, 警务工作站).
    Chinese,
    /// Latin-script names and English suffixes.
    Latin,
}

impl Style {
    /// The style for a data set language code (`zh` → Chinese).
    pub fn for_language(language: &str) -> Self {
        if language == "zh" {
            Self::Chinese
        } else {
            Self::Latin
        }
    }

    /// A generated person's name.
    pub fn person(self, rng: &mut ChaCha8Rng) -> String {
        match self {
            Self::Chinese => {
                let mut name = String::new();
                name.push(pick_char(rng, ZH_SURNAMES));
                name.push(pick_char(rng, ZH_GIVEN));
                if rng.random_bool(0.6) {
                    name.push(pick_char(rng, ZH_GIVEN));
                }
                name
            }
            Self::Latin => format!("{} {}", pick(rng, LATIN_GIVEN), pick(rng, LATIN_SURNAMES)),
        }
    }

    /// The name of the office in `place`.
    pub fn office(self, place: &str) -> String {
        match self {
            Self::Chinese => format!("{place}警务室"),
            Self::Latin => format!("{place} police office"),
        }
    }

    /// The name of the workstation in `place`.
    pub fn workstation(self, place: &str) -> String {
        match self {
            Self::Chinese => format!("{place}警务工作站"),
            Self::Latin => format!("{place} police workstation"),
        }
    }
}

fn pick(rng: &mut ChaCha8Rng, list: &[&'static str]) -> &'static str {
    list[rng.random_range(0..list.len())]
}

/// One character of `list`, every character equally likely.
fn pick_char(rng: &mut ChaCha8Rng, list: &str) -> char {
    let n = list.chars().count();
    list.chars().nth(rng.random_range(0..n)).unwrap_or('某')
}
