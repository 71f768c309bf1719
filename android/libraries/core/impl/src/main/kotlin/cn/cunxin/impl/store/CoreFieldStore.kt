package cn.cunxin.impl.store

import cn.cunxin.api.consents.Consents
import cn.cunxin.api.handover.Batches
import cn.cunxin.api.households.Households
import cn.cunxin.api.panel.ReviewPanel
import cn.cunxin.api.photos.Photos
import cn.cunxin.api.settings.StoreSettings
import cn.cunxin.api.store.AuditChainCheck
import cn.cunxin.api.store.FieldStore
import cn.cunxin.api.village.Villages
import cn.cunxin.api.visit.Visits
import cn.cunxin.core.ChainStatus
import cn.cunxin.impl.consents.CoreConsents
import cn.cunxin.impl.core
import cn.cunxin.impl.handover.CoreBatches
import cn.cunxin.impl.households.CoreHouseholds
import cn.cunxin.impl.panel.CoreReviewPanel
import cn.cunxin.impl.photos.CorePhotos
import cn.cunxin.impl.settings.CoreStoreSettings
import cn.cunxin.impl.village.CoreVillages
import cn.cunxin.impl.visit.CoreVisits
import cn.cunxin.ffi.Store as FfiStore

/** One open store over the bindings; each part shares the one core store (locked per call). */
internal class CoreFieldStore(private val store: FfiStore) : FieldStore {
    override val settings: CoreStoreSettings = CoreStoreSettings(store)
    override val households: Households = CoreHouseholds(store)
    override val visits: Visits = CoreVisits(store, settings)
    override val photos: Photos = CorePhotos(store)
    override val consents: Consents = CoreConsents(store)
    override val panel: ReviewPanel = CoreReviewPanel(store, settings)
    override val batches: Batches = CoreBatches(store, settings)
    override val villages: Villages = CoreVillages(store, settings)

    override suspend fun signIn(operator: String) = core { store.setOperator(operator) }

    override suspend fun operator(): String? = core { store.operator() }

    override suspend fun verifyAuditChain(): AuditChainCheck = when (val status = core { store.verifyChain() }) {
        is ChainStatus.Intact -> AuditChainCheck(true, status.events.toLong(), null, null)
        is ChainStatus.Broken -> AuditChainCheck(false, 0, status.atSeq.toLong(), status.reason)
    }

    override fun close() = store.close()
}
