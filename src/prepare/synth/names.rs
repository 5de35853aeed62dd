//! Generated personal and place names. No real person is named.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

const ZH_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
    "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾",
];
const ZH_GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "志", "红", "文", "斌",
    "鹏", "辉", "亮", "宁", "凯", "健", "浩", "宇", "晨", "欣",
];
const LATIN_GIVEN: &[&str] = &[
    "Jordi", "Marc", "Pere", "Joan", "Pau", "Xavier", "Albert", "Oriol", "Toni", "Josep",
    "Maria", "Anna", "Laura", "Marta", "Núria", "Montse", "Carla", "Sílvia", "Elena", "Júlia",
];
const LATIN_SURNAMES: &[&str] = &[
    "Puig", "Vila", "Font", "Serra", "Soler", "Casal", "Riba", "Pujol", "Roca", "Camps",
    "Martí", "Ferrer", "Vidal", "Coma", "Pons", "Bonet", "Call", "Esteve", "Gil", "Mas",
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
        if language == "zh" { Self::Chinese } else { Self::Latin }
    }

    /// A generated person's name.
    pub fn person(self, rng: &mut ChaCha8Rng) -> String {
        match self {
            Self::Chinese => {
                let mut name = pick(rng, ZH_SURNAMES).to_owned();
                name.push_str(pick(rng, ZH_GIVEN));
                if rng.random_bool(0.6) {
                    name.push_str(pick(rng, ZH_GIVEN));
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
