package cn.cunxin.features.finalize

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.visit.MissingItem
import cn.cunxin.test.builders.aLuquanForm

/** The finalize screen's states worth seeing. */
object FinalizeStateProvider {
    private val labels = aLuquanForm().fields.associate { it.id to it.label }

    val states: List<Pair<String, FinalizeState>> = listOf(
        "missing" to FinalizeState(
            "H001", loading = false, state = HouseholdState.IN_PROGRESS, factLabels = labels,
            missing = listOf(
                MissingItem.Facts(listOf("total_assets_yuan", "credit_history"), listOf("applicant_age")),
                MissingItem.Photo(PhotoKind.ID_BACK, 0),
                MissingItem.Consent(ConsentKind.CREDIT_INQUIRY),
                MissingItem.RosterFields(1, listOf(RosterFieldName.PHONE, RosterFieldName.BIRTH_DATE)),
                MissingItem.Panel(true),
            ),
        ),
        "ready" to FinalizeState("H001", loading = false, state = HouseholdState.IN_PROGRESS, factLabels = labels),
        "reopening" to FinalizeState(
            "H001", loading = false, state = HouseholdState.FINALIZED, finalizedRevision = 7, reopening = true, reopenReason = "银行退回：补签征信授权",
        ),
    )
}
