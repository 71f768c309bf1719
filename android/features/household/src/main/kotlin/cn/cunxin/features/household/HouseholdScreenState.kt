package cn.cunxin.features.household

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.api.households.HouseholdDetail
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.photos.PhotoSummary
import cn.cunxin.api.photos.RequiredPhoto
import cn.cunxin.architecture.VisitStep

data class HouseholdScreenState(
    val household: String,
    val loading: Boolean = true,
    val detail: HouseholdDetail? = null,
    val photos: List<PhotoSummary> = emptyList(),
    /** Thumbnail JPEG bytes by photo id, as they arrive. */
    val thumbnails: Map<String, ByteArray> = emptyMap(),
    val checklist: List<RequiredPhoto> = emptyList(),
    val consents: List<ConsentRecord> = emptyList(),
    val dialog: HouseholdDialog? = null,
    val failure: CunxinFailure? = null,
)

/** What the grid manager is filling in over the household screen; nothing is saved until confirmed. */
sealed interface HouseholdDialog {
    // The values typed are the resident's: never in a log or a failure's text.
    data class Correct(val member: Int, val field: RosterFieldName, val original: String?, val value: String, val reason: String = "") : HouseholdDialog {
        override fun toString(): String = "Correct(member=$member, field=$field)"
    }

    data class AddMember(val name: String = "", val idNumber: String = "", val relation: String = "", val phone: String = "", val reason: String = "") : HouseholdDialog {
        override fun toString(): String = "AddMember(relation=$relation)"
    }

    data class RemoveMember(val member: Int, val reason: String = "") : HouseholdDialog

    data class ChangeHead(val member: Int, val formerHeadRelation: String = "", val reason: String = "") : HouseholdDialog

    data class Side(val kind: SideKind, val reason: String = "", val revisitAt: String = "") : HouseholdDialog

    enum class SideKind { NOT_HOME, DECLINED, INELIGIBLE }
}

sealed interface HouseholdEvent {
    data class Verify(val member: Int, val field: RosterFieldName) : HouseholdEvent

    data class Open(val dialog: HouseholdDialog) : HouseholdEvent

    /** The dialog as edited (each keystroke). */
    data class Edit(val dialog: HouseholdDialog) : HouseholdEvent

    data object Confirm : HouseholdEvent

    data object Dismiss : HouseholdEvent

    data object BackToVisit : HouseholdEvent

    data class Go(val step: VisitStep) : HouseholdEvent

    data object Refresh : HouseholdEvent
}
