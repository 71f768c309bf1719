package cn.cunxin.features.household

import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.consents.ConsentRecord
import cn.cunxin.api.households.FieldCheck
import cn.cunxin.api.households.HistoryEntry
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.households.SideState
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.photos.RequiredPhoto
import cn.cunxin.test.builders.aDepartmentRecords
import cn.cunxin.test.builders.aHouseholdDetail
import cn.cunxin.test.builders.aHouseholdLine
import cn.cunxin.test.builders.aJpeg
import cn.cunxin.test.builders.aMemberDetail
import cn.cunxin.test.builders.aPhotoSummary
import cn.cunxin.test.builders.aRosterField

/** The household screen's states worth seeing. */
object HouseholdStateProvider {
    private val head = aMemberDetail(departmentRecords = aDepartmentRecords()).let { m ->
        m.copy(
            fields = m.fields.map {
                when (it.name) {
                    RosterFieldName.NAME, RosterFieldName.ID_NUMBER -> it.copy(check = FieldCheck.VERIFIED)
                    RosterFieldName.PHONE -> aRosterField(RosterFieldName.PHONE, "13900001111", FieldCheck.CORRECTED, "13812345678", "电话已换")
                    else -> it
                }
            },
        )
    }
    private val checklist = listOf(
        RequiredPhoto(PhotoKind.HOUSE, null, true), RequiredPhoto(PhotoKind.ID_FRONT, 0, true), RequiredPhoto(PhotoKind.ID_BACK, 0, false),
        RequiredPhoto(PhotoKind.ID_FRONT, 1, false), RequiredPhoto(PhotoKind.ID_BACK, 1, false), RequiredPhoto(PhotoKind.PORTRAIT, 0, false),
    )
    private val typical = HouseholdScreenState(
        "H001", loading = false,
        detail = aHouseholdDetail(
            line = aHouseholdLine(state = HouseholdState.IN_PROGRESS),
            members = listOf(head, aMemberDetail(1, "李秀英", "410303197205121222", "配偶"), aMemberDetail(2, "王建国", "410303201509301213", "子")),
            history = listOf(
                HistoryEntry("2026-11-20T09:12:00", null, "import_roster", "导入花名册"),
                HistoryEntry("2026-11-22T10:02:00", "网格员王五", "verify", "核实 name"),
                HistoryEntry("2026-11-22T10:03:00", "网格员王五", "correct", "更正 phone"),
            ),
        ),
        photos = listOf(aPhotoSummary("P1"), aPhotoSummary("P2", PhotoKind.ID_FRONT, 0)),
        thumbnails = mapOf("P1" to aJpeg(1), "P2" to aJpeg(2)),
        checklist = checklist,
        consents = listOf(ConsentRecord("C1", ConsentKind.PERSONAL_INFO, "2026.1", "2026-11-22T10:20:00", "网格员王五", null)),
    )

    val states: List<Pair<String, HouseholdScreenState>> = listOf(
        "typical" to typical,
        "correcting" to typical.copy(dialog = HouseholdDialog.Correct(0, RosterFieldName.PHONE, "13812345678", "13900001111", "电话已换")),
        "not-home" to typical.copy(
            detail = typical.detail!!.copy(
                line = aHouseholdLine(state = HouseholdState.NOT_HOME, revisitAt = "2026-11-23 18:00"),
                sideState = SideState.NotHome("外出务工，晚上回来", "2026-11-23 18:00"),
                members = listOf(aMemberDetail(name = "欧阳建国"), aMemberDetail(1, "李秀英", "410303197205121222", "配偶", removed = true)),
            ),
        ),
    )
}
