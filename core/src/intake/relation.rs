//! Relation to the head of household: the vocabulary lives in `model`.

pub use crate::model::relation::*;
