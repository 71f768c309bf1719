/*
 * The api the UI talks to: plain Kotlin interfaces and data, one package per domain. Nothing here
 * knows about uniffi, JNA or Android, so screens are rendered and tested with the fakes
 * (libraries/core/test) or the real core (libraries/core/impl) alike.
 *
 * Every call is `suspend` and main-safe: the impl runs it on an IO dispatcher, so a screen may
 * call it from its presenter's scope. Failures a screen must handle as a normal outcome are
 * sealed results; anything else is a [CunxinFailure] with its [FailureCode].
 * Data holding personal data masks it in toString().
 */
package cn.cunxin.api

import cn.cunxin.api.intake.ResidentIds
import cn.cunxin.api.intake.Rosters
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.api.unlock.Stores

/** Everything the app may ask of the Cunxin core, one property per domain. */
interface Cunxin {
    val residentIds: ResidentIds
    val rosters: Rosters
    val scoring: Scoring

    /** Creating, unlocking and opening the encrypted store; the open store carries the rest. */
    val stores: Stores
}
