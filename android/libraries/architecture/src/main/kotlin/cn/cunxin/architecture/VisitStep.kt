package cn.cunxin.architecture

/** The screens of one household's visit, for links between them (the host maps each to its destination). */
enum class VisitStep { HOUSEHOLD, FACTS, PHOTOS, CONSENTS, ESTIMATE, FINALIZE }
