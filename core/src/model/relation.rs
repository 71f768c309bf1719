//! Relation to the head of household (与户主关系): the words rosters use, mapped to codes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Head,
    Spouse,
    Child,
    ChildInLaw,
    Parent,
    Grandchild,
    Grandparent,
    Sibling,
    Other,
}

const WORDS: &[(Relation, &[&str])] = &[
    (Relation::Head, &["户主", "本人"]),
    (
        Relation::Spouse,
        &["配偶", "妻子", "丈夫", "妻", "夫", "爱人"],
    ),
    (
        Relation::Child,
        &[
            "子",
            "女",
            "儿子",
            "女儿",
            "长子",
            "次子",
            "三子",
            "长女",
            "次女",
            "三女",
            "独生子",
            "独生女",
            "养子",
            "养女",
            "继子",
            "继女",
        ],
    ),
    (Relation::ChildInLaw, &["儿媳", "女婿", "媳妇"]),
    (
        Relation::Parent,
        &[
            "父亲", "母亲", "父", "母", "父母", "公公", "婆婆", "岳父", "岳母",
        ],
    ),
    (
        Relation::Grandchild,
        &["孙子", "孙女", "外孙", "外孙子", "外孙女", "孙"],
    ),
    (
        Relation::Grandparent,
        &["祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶"],
    ),
    (
        Relation::Sibling,
        &[
            "兄弟姐妹",
            "兄",
            "弟",
            "姐",
            "妹",
            "哥哥",
            "弟弟",
            "姐姐",
            "妹妹",
            "兄弟",
            "姐妹",
        ],
    ),
    (Relation::Other, &["其他", "其它"]),
];

impl Relation {
    /// Maps a roster word; None for a word Cunxin does not know (kept and warned about).
    pub fn from_word(word: &str) -> Option<Relation> {
        let word = word.trim();
        WORDS
            .iter()
            .find(|(_, words)| words.contains(&word))
            .map(|(relation, _)| *relation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_words_map_and_unknown_words_do_not() {
        assert_eq!(Relation::from_word("本人"), Some(Relation::Head));
        assert_eq!(Relation::from_word(" 妻子 "), Some(Relation::Spouse));
        assert_eq!(Relation::from_word("女儿"), Some(Relation::Child));
        assert_eq!(Relation::from_word("孙女"), Some(Relation::Grandchild));
        assert_eq!(Relation::from_word("儿媳"), Some(Relation::ChildInLaw));
        assert_eq!(Relation::from_word("兄弟姐妹"), Some(Relation::Sibling));
        assert_eq!(Relation::from_word("干爹"), None);
    }
}
