package cn.cunxin.features.village

import cn.cunxin.api.scoring.Estimate
import cn.cunxin.api.scoring.FactType
import cn.cunxin.api.scoring.FactValue
import cn.cunxin.test.builders.aHousehold
import cn.cunxin.test.builders.anEstimate
import cn.cunxin.test.builders.validId
import cn.cunxin.test.fakes.FakeFieldStore
import kotlinx.coroutines.runBlocking
import java.io.File

/** Fake stores holding villages as the branch finds them: the sample village's roster, and larger made-up ones. */
object VillageFixtures {
    /** The repository's sample village (tests/fixtures): real-looking names and ID numbers to search the page for. */
    val roster: File = File(System.getProperty("user.dir"), "../../../tests/fixtures/sample-village/roster.csv").canonicalFile

    /** Every resident in the roster as (full name, ID number, phone), straight from the file. */
    fun residents(): List<Triple<String, String, String>> =
        roster.readLines(Charsets.UTF_8).drop(1).filter { it.isNotBlank() }.map { it.split(',') }.map { Triple(it[4], it[3], it[8]) }

    fun sampleVillage(): FakeFieldStore = FakeFieldStore().apply { runBlocking { households.importRoster(roster.path) } }

    /** Gives [household] facts the form takes as complete, and the fake scoring's [estimate] for it. */
    fun FakeFieldStore.scored(household: String, estimate: Estimate = anEstimate()) {
        val form = world.scoring.formOf(world.scorecard)
        world.household(household).facts = form.fields.filter { it.required }.associate { f ->
            f.id to when (f.type) {
                FactType.BOOLEAN -> FactValue.Bool(false)
                FactType.OPTION -> FactValue.Choice(f.options.first().code)
                FactType.INTEGER -> FactValue.Integer((f.min ?: 1.0).toLong() + 1)
                else -> FactValue.Number(1000.0)
            }
        }
        world.scoring.estimates[household] = estimate
    }

    val AAA = anEstimate(grade = "AAA", limitYuan = 100_000, points = 93.0)
    val AA = anEstimate()
    val A = anEstimate(grade = "A", limitYuan = 30_000, points = 74.0)
    val CREDIT = anEstimate(grade = "credit", limitYuan = 10_000, points = 62.0)
    val EVALUATED_ONLY = anEstimate(grade = null, limitYuan = 0, points = 55.0)
    val INELIGIBLE = anEstimate(eligible = false, grade = null, limitYuan = 0, points = 20.0)

    private const val SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    private const val GIVEN = "长建国秀英志强丽华明红梅军伟芳敏静磊洋勇艳杰涛"

    /**
     * [households] households of 河西村 over [groups] groups; the first [scored] are evaluated with
     * grades in turn from [estimates], the rest not visited yet. The same every run.
     */
    fun madeUpVillage(households: Int, groups: Int, scored: Int, estimates: List<Estimate>): FakeFieldStore = FakeFieldStore().apply {
        (1..households).forEach { n ->
            val name = "${SURNAMES[n % SURNAMES.length]}${GIVEN[(n / 5) % GIVEN.length]}${GIVEN[(n * 7) % GIVEN.length]}"
            val id = validId("4103031975%02d%02d".format(1 + n % 12, 1 + n % 28) + "%03d".format(n))
            add(aHousehold("H%03d".format(n), "河西村", "${n % groups + 1}组", listOf(Triple(name, id, "户主"))))
        }
        (1..scored).forEach { n -> scored("H%03d".format(n), estimates[(n - 1) % estimates.size]) }
    }
}
