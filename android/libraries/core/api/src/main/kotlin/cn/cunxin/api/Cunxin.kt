/*
 * The api the UI talks to: plain Kotlin interfaces and data, one package per domain
 * (cn.cunxin.api.intake, later .scoring, .store, .photos, .batches). Nothing here knows about
 * uniffi, JNA or Android, so screens can be rendered and tested with any implementation.
 *
 * To add a domain:
 *  1. Here: a package cn.cunxin.api.<domain> with an interface (one function per user action) and
 *     the data it takes and returns. Failures a screen must handle are sealed results; anything
 *     else is a [CunxinFailure]. Data holding personal data masks it in toString().
 *  2. Add the interface as a property of [Cunxin].
 *  3. In impl: cn.cunxin.impl.<domain> implements it over the generated bindings, wrapping every
 *     call in `callCore { }` (maps the bindings' exceptions to [CunxinFailure]); wire it into
 *     CoreCunxin.
 *  4. Tests against the real library: impl/src/test/kotlin/cn/cunxin/impl/<domain>/.
 */
package cn.cunxin.api

import cn.cunxin.api.intake.ResidentIds
import cn.cunxin.api.intake.Rosters
import cn.cunxin.api.scoring.Scoring
import cn.cunxin.api.store.Stores

/** Everything the app may ask of the Cunxin core, one property per domain. */
interface Cunxin {
    val residentIds: ResidentIds
    val rosters: Rosters
    val scoring: Scoring
    val stores: Stores
}
