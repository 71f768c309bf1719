package cn.cunxin.api.store

import cn.cunxin.api.consents.Consents
import cn.cunxin.api.handover.Batches
import cn.cunxin.api.households.Households
import cn.cunxin.api.panel.ReviewPanel
import cn.cunxin.api.photos.Photos
import cn.cunxin.api.settings.StoreSettings
import cn.cunxin.api.village.Villages
import cn.cunxin.api.visit.Visits

/**
 * One open store: one interface per part of the work, one call per user action. Every edit is
 * saved when its call returns, so Back and a killed process lose nothing. Calls may run while a
 * hand-over uploads (the store is locked per step, never for a whole upload).
 * Close it when the app locks (leaving the app, timeout).
 */
interface FieldStore : AutoCloseable {
    /** The work list: villages and groups, search, households and their roster data. */
    val households: Households

    /** The visit: the facts form, drafts, the estimate at the door, the finalize checklist. */
    val visits: Visits

    val photos: Photos
    val consents: Consents

    /** The credit review panel (授信评议). */
    val panel: ReviewPanel

    /** Sealing, the hand-over centre, receipts, USB export and import. */
    val batches: Batches

    /** The village roll-up and the public-notice list. */
    val villages: Villages

    val settings: StoreSettings

    /** The grid manager signed in on this device; audit events carry the name. */
    suspend fun signIn(operator: String)

    /** The signed-in grid manager, if any. */
    suspend fun operator(): String?

    /** Verifies the audit hash chain of the whole store. */
    suspend fun verifyAuditChain(): AuditChainCheck
}

data class AuditChainCheck(val intact: Boolean, val events: Long, val brokenAt: Long?, val reason: String?)
