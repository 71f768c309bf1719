package cn.cunxin.impl.intake

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.intake.ResidentId
import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.api.intake.ResidentIds
import cn.cunxin.api.intake.Sex
import cn.cunxin.ffi.ResidentIdInfo
import cn.cunxin.ffi.checkResidentId
import cn.cunxin.impl.core
import java.time.LocalDate
import cn.cunxin.core.Sex as CoreSex

internal class CoreResidentIds : ResidentIds {
    override suspend fun check(input: String): ResidentIdCheck =
        try {
            ResidentIdCheck.Valid(core { checkResidentId(input) }.toApi())
        } catch (e: CunxinFailure) {
            if (e.code != FailureCode.INVALID_INPUT) throw e
            ResidentIdCheck.Invalid(e.detail)
        }
}

internal fun CoreSex.toApi(): Sex = when (this) {
    CoreSex.MALE -> Sex.MALE
    CoreSex.FEMALE -> Sex.FEMALE
}

private fun ResidentIdInfo.toApi() = ResidentId(
    number = normalized,
    birthDate = LocalDate.parse(birthDate),
    sex = sex.toApi(),
    regionCode = regionCode,
    regionName = regionName,
    countyCodeNotCurrent = countyCodeNotCurrent,
    masked = masked,
)
