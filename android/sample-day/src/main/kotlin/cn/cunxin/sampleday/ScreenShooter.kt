package cn.cunxin.sampleday

/** The screens the day passes through, in the app's words (each has its view in its feature module). */
enum class Screen { UNLOCK, SETTINGS, WORK_LIST, HOUSEHOLD, FACTS, PHOTOS, CONSENTS, ESTIMATE, PANEL, FINALIZE, DASHBOARD, NOTICE, HAND_OVER }

/**
 * One screen as the grid manager sees it at a moment of the day: [state] is the screen's
 * presenter state (e.g. a FactsState for [Screen.FACTS]); [moment] says which moment ("import",
 * "flagged", "results" …); [household] is the script's household the screen is about, if any.
 */
data class Shot(val screen: Screen, val moment: String, val household: ScriptHousehold?, val state: Any)

/** Called at each screen of the day, on the day's own coroutine, so it may take its time (render a PNG). */
fun interface ScreenShooter {
    fun shoot(shot: Shot)

    companion object {
        val NONE = ScreenShooter { }
    }
}
