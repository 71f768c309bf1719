package cn.cunxin.impl.intake

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.intake.ResidentId
import cn.cunxin.api.intake.ResidentIdCheck
import cn.cunxin.api.intake.ResidentIds
import cn.cunxin.api.intake.Sex
import cn.cunxin.ffi.ResidentIdInfo
import cn.cunxin.ffi.checkResidentId
import cn.cunxin.impl.callCore
import java.time.LocalDate
import cn.cunxin.core.Sex as CoreSex

internal class CoreResidentIds : ResidentIds {
    override fun check(input: String): ResidentIdCheck =
        try {
            ResidentIdCheck.Valid(callCore { checkResidentId(input) }.toApi())
        } catch (e: CunxinFailure.InvalidInput) {
            ResidentIdCheck.Invalid(e.message.orEmpty())
        }
}

private fun ResidentIdInfo.toApi() = ResidentId(
    number = normalized,
    birthDate = LocalDate.parse(birthDate),
    sex = when (sex) {
        CoreSex.MALE -> Sex.MALE
        CoreSex.FEMALE -> Sex.FEMALE
    },
    regionCode = regionCode,
    masked = masked,
)
