package cn.cunxin.navigation

import cn.cunxin.architecture.VisitStep

/** Every place in the app; the back stack holds these, nothing else. */
sealed interface Destination {
    data object Unlock : Destination

    data object WorkList : Destination

    data class Visit(val household: String, val step: VisitStep) : Destination

    /** The hand-over centre at the branch: sealing, upload, receipts, USB. */
    data object HandOver : Destination

    /** The branch manager's village dashboard: roll-up, verdicts, grades, groups. */
    data object VillageDashboard : Destination

    /** The public-notice list (公示) and its printable page. */
    data object PublicNotice : Destination

    /** The review panel (授信评议), back to back on one tablet; its results behind the grid manager's passphrase. */
    data object ReviewPanel : Destination

    /** The grid manager's settings behind the passphrase: keys, upload address, language, text size. */
    data object Settings : Destination
}
