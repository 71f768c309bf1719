package cn.cunxin.test.fakes

import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.store.AuditChainCheck
import cn.cunxin.api.store.FieldStore

/**
 * An open store in memory with the core's rules that screens depend on: edits only before
 * finalizing, drafts numbered by revision, finalize only when the checklist is empty, a flagged
 * photo needs a retake or a reason, an empty signature is refused. [world] is there for tests to
 * set up and look inside.
 */
class FakeFieldStore(
    scoring: FakeScoring = FakeScoring(),
    passphrase: Boolean = false,
) : FieldStore {
    val world = FakeWorld(scoring)

    override val households = FakeHouseholds(world)
    override val photos = FakePhotos(world)
    override val visits = FakeVisits(world, photos)
    override val consents = FakeConsents(world)
    override val panel = FakeReviewPanel(world)
    override val batches = FakeBatches(world)
    override val villages = FakeVillages(world)
    override val settings = FakeStoreSettings(world, passphrase)

    var closed = false
        private set

    internal fun reopened(): FakeFieldStore = also { closed = false }

    override suspend fun signIn(operator: String) {
        world.operator = operator
        world.audit("sign_in", null)
    }

    override suspend fun operator(): String? = world.operator

    override suspend fun verifyAuditChain(): AuditChainCheck = AuditChainCheck(true, world.auditTrail.size.toLong(), null, null)

    /** Puts [household] into the store as a roster import would. */
    fun add(household: FakeWorld.Household, state: HouseholdState = household.state) {
        household.state = state
        world.households[household.id] = household
    }

    override fun close() {
        closed = true
    }
}
