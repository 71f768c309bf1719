package cn.cunxin.designsystem

import cn.cunxin.api.FailureCode
import cn.cunxin.api.consents.ConsentKind
import cn.cunxin.api.handover.BatchState
import cn.cunxin.api.households.HouseholdState
import cn.cunxin.api.households.MatchedBy
import cn.cunxin.api.households.RosterFieldName
import cn.cunxin.api.panel.PanelRole
import cn.cunxin.api.photos.PhotoFlag
import cn.cunxin.api.photos.PhotoKind
import cn.cunxin.api.scoring.ReconcileFlag
import cn.cunxin.api.village.Lending
import cn.cunxin.api.village.Verdict
import cn.cunxin.api.visit.FactProblem
import java.time.LocalDate

/**
 * Every word the screens show, each written once in zh-CN and English side by side so the two
 * cannot drift apart. Screens never show enum names or the core's English details as their text.
 */
class Strings private constructor(val language: Language) {
    private fun t(zh: String, en: String) = if (language == Language.ZH) zh else en

    /** A state's or kind's words from the shared label table. */
    private fun label(group: String, value: Enum<*>): String {
        val code = Labels.code(value)
        val (zh, en) = Labels.of(group, code) ?: error("the label table has no $group.$code")
        return t(zh, en)
    }

    // Common
    val appName = t("村信", "Cunxin")
    val back = t("返回", "Back")
    val cancel = t("取消", "Cancel")
    val save = t("保存", "Save")
    val confirm = t("确定", "Confirm")
    val retry = t("重试", "Try again")
    val loading = t("正在读取…", "Loading…")
    val close = t("关闭", "Close")
    val reason = t("原因", "Reason")
    val reasonNeeded = t("请填写原因", "Please give a reason")
    val offline = t("离线", "Offline")
    val online = t("在线", "Online")
    val otherLanguage = t("English", "中文")
    val lock = t("锁定", "Lock")
    fun waitingUpload(n: Int) = t("待上传 $n 户", "$n waiting for upload")
    fun details(detail: String) = t("详情：$detail", "Details: $detail")
    fun savedRevision(revision: Int) = t("已保存（第 $revision 版）", "Saved (revision $revision)")
    val saving = t("正在保存…", "Saving…")
    fun labelled(label: String, value: String) = t("$label：$value", "$label: $value")
    val notSigned = t("未签", "Not signed")
    fun withUnit(label: String, unit: String) = t("$label（$unit）", "$label ($unit)")

    fun failure(code: FailureCode, retryAfterSeconds: Long? = null): String = when (code) {
        FailureCode.INVALID_INPUT -> t("输入有误，请检查后重试。", "Something entered is not right: check it and try again.")
        FailureCode.WRONG_KEY -> t("密钥打不开这个数据库，什么都没有改动。", "The key does not open this store; nothing was changed.")
        FailureCode.WRONG_PASSPHRASE -> t("密码不对，请重新输入。", "That passphrase is not right: type it again.")
        FailureCode.UNLOCK_DELAYED -> t("输错次数太多，请等 ${retryAfterSeconds ?: 0} 秒再试。", "Too many wrong tries: wait ${retryAfterSeconds ?: 0} seconds before the next.")
        FailureCode.NO_STORE -> t("这里还没有数据库，请先新建。", "There is no store here yet: create one first.")
        FailureCode.STORE_EXISTS -> t("这里已经有数据库，请直接打开。", "A store is already here: open it instead.")
        FailureCode.STORE_IN_USE -> t("数据库正被另一个程序或窗口使用，请先关闭那边再试。", "The store is open in another program or window: close it there and try again.")
        FailureCode.STORE_TOO_NEW -> t("数据库来自更新版本的村信，请先升级应用。", "The store was written by a newer Cunxin: update the app.")
        FailureCode.STORE_DAMAGED -> t("数据库已损坏，没有做任何改动。请联系支行用备份恢复。", "The store is damaged; nothing was changed. Ask the branch to restore it from a backup.")
        FailureCode.FILE_DAMAGED -> t("这张照片或签名已损坏，请重新拍摄或签字。", "This photo or signature is damaged: take or sign it again.")
        FailureCode.DISK_FULL -> t("设备存储已满，之前保存的内容都在。请清理空间。", "The device is full; everything saved before is intact. Free some space.")
        FailureCode.STORAGE -> t("读写设备存储失败，请重试。", "Reading or writing the device's storage failed: try again.")
        FailureCode.NOT_FOUND -> t("没有找到要找的内容。", "What was asked for is not there.")
        FailureCode.NOT_ALLOWED_IN_STATE -> t("这一户现在的状态下不能这样做（已定稿的请先重新打开）。", "Not possible in this household's state (reopen a finalized one first).")
        FailureCode.NOTHING_TO_SEAL -> t("没有已定稿的农户可以封包。", "No finalized household to seal.")
        FailureCode.BAD_KEY -> t("填写的密钥格式不对。", "That key is not a valid key.")
        FailureCode.NETWORK -> t("连不上银行平台，数据都在，稍后会接着上传。", "The platform cannot be reached; nothing was lost, the upload resumes later.")
        FailureCode.SERVER_REFUSED -> t("银行平台拒收了这次上传，什么都没有删除。", "The platform refused the upload; nothing was deleted.")
        FailureCode.SERVER_FULL -> t("银行平台暂时没有空间，请稍后再试，什么都没有删除。", "The platform has no room now: try later; nothing was deleted.")
        FailureCode.DEVICE_NOT_REGISTERED -> t("银行平台还不认识这台设备，请支行先登记设备密钥，数据都在。", "The platform does not know this device: have the branch register its device key; nothing was lost.")
        FailureCode.SIGNATURE_REFUSED -> t("银行平台拒收了本机的签名，请检查设备的日期和时间后再试，数据都在。", "The platform refused this device's signature: check the device's date and time, then try again; nothing was lost.")
        FailureCode.RECEIPT_INVALID -> t("平台回执验证不通过，什么都没有删除。", "The platform's receipt does not verify; nothing was deleted.")
        FailureCode.BATCH_INVALID -> t("数据包验证不通过。", "A batch or answer file failed verification.")
        FailureCode.CANCELLED -> t("已取消，已完成的部分都保留。", "Cancelled; what was done so far is kept.")
        FailureCode.BUG -> t("村信出了一个错误，请把详情报给支行。", "Cunxin hit a bug: please report the details to the branch.")
    }

    fun state(state: HouseholdState): String = label("state", state)

    fun field(name: RosterFieldName): String = when (name) {
        RosterFieldName.NAME -> t("姓名", "Name")
        RosterFieldName.ID_NUMBER -> t("身份证号", "ID number")
        RosterFieldName.SEX -> t("性别", "Sex")
        RosterFieldName.BIRTH_DATE -> t("出生日期", "Birth date")
        RosterFieldName.ETHNICITY -> t("民族", "Ethnicity")
        RosterFieldName.RELATION -> t("与户主关系", "Relation to head")
        RosterFieldName.PHONE -> t("联系电话", "Phone")
        RosterFieldName.EDUCATION -> t("文化程度", "Education")
        RosterFieldName.OCCUPATION -> t("职业", "Occupation")
        RosterFieldName.HEALTH -> t("健康状况", "Health")
        RosterFieldName.MARITAL_STATUS -> t("婚姻状况", "Marital status")
        RosterFieldName.ADDRESS -> t("现居住地址", "Address")
    }

    fun photoKind(kind: PhotoKind): String = label("photo_kind", kind)

    fun photoFlag(flag: PhotoFlag): String = label("photo_flag", flag)

    fun consentKind(kind: ConsentKind): String = label("consent", kind)

    fun matchedBy(by: MatchedBy): String = label("matched", by)

    fun memberLabel(index: Int) = t("成员 ${index + 1}", "Member ${index + 1}")

    // 1 Unlock
    val unlockTitle = t("解锁村信", "Unlock Cunxin")
    val unlockPrompt = t("请输入密码，打开本机的加密数据库。", "Type the passphrase to open this device's encrypted store.")
    val passphrase = t("密码", "Passphrase")
    val unlock = t("解锁", "Unlock")
    val unlocking = t("正在解锁…", "Unlocking…")
    val createTitle = t("新建数据库", "Create the store")
    val createPrompt = t("本机还没有数据库。设一个至少 8 位的密码，之后每次打开都要用它。", "This device has no store yet. Choose a passphrase of at least 8 characters; you will need it every time.")
    val create = t("新建", "Create")
    val passphraseTooShort = t("密码至少 8 位", "At least 8 characters")
    fun wrongTries(n: Int) = t("已连续输错 $n 次", "$n wrong tries in a row")
    val storeDamagedTitle = t("数据库已损坏", "The store is damaged")
    val storeInUseTitle = t("数据库正在被使用", "The store is in use")
    val storeTooNewTitle = t("需要升级村信", "Cunxin needs an update")
    val showPassphrase = t("显示密码", "Show passphrase")
    // On a tablet the device's screen lock opens the store; the passphrase is the grid manager's for the resident's screens.
    val deviceUnlockPrompt = t("输入网格员密码，再用指纹或本机锁屏密码解锁。住户用过平板后交还时，要再输一次这个密码。", "Type the grid manager's passphrase, then unlock with a fingerprint or the device's screen lock. When a resident hands the tablet back, this passphrase is asked again.")
    val storeKeyLost = t("本机的锁屏或指纹已更改，存储密钥已失效。数据仍在：请输入网格员密码恢复。", "The device's screen lock or fingerprints changed, so the store's key is gone. The data is still there: type the grid manager's passphrase to recover it.")
    val recover = t("恢复", "Recover")
    val recoveryUnavailable = t("这个版本还不能用密码恢复数据库，请联系支行。", "This version cannot recover the store with the passphrase yet: contact the branch.")

    // 2 Work list
    val workList = t("走访清单", "Work list")
    val searchHint = t("搜索：姓名、拼音首字母、身份证或电话尾号、户号", "Search: name, pinyin initials, ID or phone tail, household number")
    val importRoster = t("导入花名册", "Import roster")
    val importing = t("正在导入花名册…", "Importing the roster…")
    fun imported(inserted: Int, kept: Int, errorRows: Int) =
        t("新增 $inserted 户，保留已走访 $kept 户，$errorRows 行有错未导入", "$inserted households added, $kept visited kept, $errorRows rows with errors not loaded")
    val problemReport = t("问题一览表", "Problem report")
    fun problemRow(row: Int, column: String?) = if (column == null) t("第 $row 行", "Row $row") else t("第 $row 行 · $column", "Row $row · $column")
    val error = t("错误", "Error")
    val warning = t("提示", "Warning")
    fun continueVisit(household: String) = t("继续上次：$household", "Continue where I left off: $household")
    val allVillages = t("全部村", "All villages")
    val allStates = t("全部", "All")
    val revisitDue = t("该回访", "Revisit due")
    fun households(n: Int) = t("$n 户", "$n households")
    fun members(n: Int) = t("$n 人", "$n people")
    fun photos(n: Int) = t("$n 张照片", "$n photos")
    val noMatch = t("没有找到，换个写法试试（如拼音首字母 wcm）。", "Nothing found: try another way (e.g. pinyin initials wcm).")
    val emptyStore = t("还没有农户。请先导入村里的花名册。", "No households yet. Import the village roster first.")
    val pickHousehold = t("从左边选一户开始走访", "Pick a household on the left to start")
    fun matched(by: MatchedBy) = t("按${matchedBy(by)}找到", "found by ${matchedBy(by)}")
    val open = t("打开", "Open")

    // 3 Household
    fun householdTitle(id: String) = t("农户 $id", "Household $id")
    val verify = t("核实", "Verify")
    val correct = t("更正", "Correct")
    val verified = t("已核实", "Verified")
    val corrected = t("已更正", "Corrected")
    fun original(value: String) = t("原为：$value", "Was: $value")
    val newValue = t("新值", "New value")
    val membersTitle = t("家庭成员", "Members")
    val addMember = t("添加成员", "Add member")
    val removeMember = t("移除", "Remove")
    val makeHead = t("设为户主", "Make head")
    val head = t("户主", "Head")
    val removed = t("已移除", "Removed")
    val departmentRecords = t("部门数据（只读）", "Department records (read-only)")
    val courtEnforcement = t("法院被执行", "Court enforcement")
    val dishonestDebtor = t("失信被执行人", "Dishonest debtor")
    val povertyRegistry = t("建档立卡贫困户", "Poverty registry")
    val policeRecord = t("公安不良记录", "Police record")
    val privateCar = t("有私家车", "Private car")
    val realEstate = t("有不动产登记", "Real-estate registry")
    val farmMachinery = t("有农机具", "Farm machinery")
    val noRecords = t("无记录", "None")
    val evidence = t("材料清单", "Evidence checklist")
    val notHome = t("不在家", "Not home")
    val declined = t("拒绝走访", "Declined")
    val ineligible = t("不符合条件", "Ineligible")
    val backToVisit = t("恢复走访", "Back to the visit")
    fun revisitAt(at: String) = t("约定回访：$at", "Come back: $at")
    val history = t("记录", "History")
    val facts = t("信息采集", "Facts")
    val photosTitle = t("拍照", "Photos")
    val consents = t("授权签字", "Consents")
    val estimate = t("预估额度", "Estimate")
    val finalize = t("定稿", "Finalize")
    val address = t("地址", "Address")

    // 4 Facts
    val sections = t("目录", "Sections")
    fun stillNeeded(n: Int) = t("还差 $n 项", "$n still needed")
    val allFilled = t("必填项都已填写", "Every required fact is in")
    fun points(soFar: Double, possible: Double) = t("得分 ${fmt(soFar)} / ${fmt(possible)}", "Points ${fmt(soFar)} of ${fmt(possible)}")
    val yes = t("是", "Yes")
    val no = t("否", "No")
    val required = t("必填", "Required")
    fun range(min: Double?, max: Double?) = when {
        min != null && max != null -> t("${fmt(min)} 到 ${fmt(max)}", "${fmt(min)} to ${fmt(max)}")
        min != null -> t("不小于 ${fmt(min)}", "at least ${fmt(min)}")
        max != null -> t("不大于 ${fmt(max)}", "at most ${fmt(max)}")
        else -> ""
    }
    val notANumber = t("请填数字", "Type a number")

    fun factProblem(label: String, problem: FactProblem): String = when (problem) {
        FactProblem.UnknownFact -> t("评分卡里没有“$label”这一项，请重新打开表单。", "The scorecard has no field “$label”: open the form again.")
        FactProblem.WrongType -> t("“$label”的填写方式不对，请按提示填写。", "“$label” takes another kind of value: fill it in as shown.")
        FactProblem.NotWhole -> t("“$label”请填整数。", "“$label” takes a whole number.")
        is FactProblem.BelowMin -> t("“$label”不能小于 ${problem.min}。", "“$label” must be at least ${problem.min}.")
        is FactProblem.AboveMax -> t("“$label”不能大于 ${problem.max}。", "“$label” must be at most ${problem.max}.")
        is FactProblem.NotAnOption -> t("“$label”只能从选项中选择。", "“$label” takes one of its options.")
    }
    fun outOfRange(range: String) = t("应在 $range 之间", "Must be $range")

    // 5 Photos
    val takePhoto = t("拍照", "Take photo")
    val retake = t("重拍", "Retake")
    val keepWithReason = t("保留并说明原因", "Keep with a reason")
    val keepReasonHint = t("例如：证件本身反光，已尽量拍清", "E.g. the card itself reflects; this is the clearest possible")
    val checkPhoto = t("请检查这张照片", "Check this photo")
    val present = t("已拍", "Taken")
    val missing = t("未拍", "Missing")
    val storing = t("正在保存照片…", "Storing the photo…")
    fun keptBecause(reason: String) = t("保留原因：$reason", "Kept because: $reason")
    val chooseFile = t("选择照片文件", "Choose a photo file")

    // 6 Consents
    fun textVersion(version: String) = t("文本版本 $version", "Text version $version")
    val signHere = t("请在框内签名", "Sign inside the box")
    val undo = t("撤销一笔", "Undo stroke")
    val clear = t("清除", "Clear")
    val signAction = t("确认签字", "Sign")
    val refuse = t("拒绝签字", "Refuses to sign")
    val refusalReason = t("拒签原因", "Why the resident refuses")
    val signed = t("已签字", "Signed")
    val refused = t("已拒签", "Refused")
    val emptySignature = t("签名是空的，请居民签字后再确认", "The signature is empty: have the resident sign first")
    val signer = t("签字人", "Signer")

    // 7 Estimate
    val estimatedLimit = t("预估授信额度", "Estimated credit limit")
    fun wanYuan(yuan: Long) = t("${fmtWan(yuan)} 万元", "%,d yuan".format(yuan))
    fun grade(grade: String) = t("信用等级：$grade", "Grade: $grade")
    fun rate(percent: Double) = t("参考年利率：约 ${fmt(percent)}%", "Indicative yearly rate: about ${fmt(percent)}%")
    val why = t("评定理由", "Why")
    val howToRaise = t("怎样可以提高", "What would raise it")
    fun gain(points: Double) = t("最多可加 ${fmt(points)} 分", "up to ${fmt(points)} more points")
    val disclaimer = t("预估额度，以银行审批为准", "Estimate only, subject to bank approval")
    val notEligible = t("暂不符合授信条件", "Not eligible for credit at this time")
    val vetoed = t("有一票否决事项，暂不能授信", "A veto item applies: no credit at this time")
    val handBack = t("交还网格员", "Hand back to the grid manager")
    val managerPin = t("网格员密码", "Grid manager's passphrase")
    val pinWrong = t("密码不对", "Wrong passphrase")
    val forResident = t("请居民查看", "For the resident")

    // 8 Finalize
    val readyToFinalize = t("材料齐全，可以定稿", "Everything is in: ready to finalize")
    fun missingCount(n: Int) = t("还缺 $n 项", "$n things missing")
    fun missingFacts(missing: Int, invalid: Int) = t("信息采集：缺 $missing 项，有误 $invalid 项", "Facts: $missing missing, $invalid wrong")
    fun missingPhoto(kind: PhotoKind, member: Int?) = photoKind(kind) + (member?.let { " · " + memberLabel(it) } ?: "")
    fun missingConsent(kind: ConsentKind) = t("未签：", "Not signed: ") + consentKind(kind)
    fun missingPanel(needsReason: Boolean) = if (needsReason) t("评议额度差距大，需填写原因", "Model and panel limits far apart: give a reason") else t("还没有评议结果", "No panel review yet")
    val missingEstimate = t("还没有向居民展示预估额度", "The estimate has not been shown to the resident yet")
    fun missingRoster(member: Int, n: Int) = t("${memberLabel(member)}：$n 项花名册信息未核实", "${memberLabel(member)}: $n roster fields not verified")
    val finalizeAction = t("定稿", "Finalize")
    fun finalizedRevision(revision: Int) = t("已定稿（第 $revision 版）", "Finalized (revision $revision)")
    val reopen = t("重新打开", "Reopen")
    val reopenReasonHint = t("例如：银行退回，补签征信授权", "E.g. returned by the bank for a missing consent")
    val fix = t("去处理", "Fix")


    // 9 Hand-over centre
    val handOverCentre = t("交接中心", "Hand-over centre")
    val noPurgeWithoutReceipt = t("只有银行平台的回执验证通过后，本机才会清除数据；否则什么都不删。", "Nothing is deleted from this device until the bank's receipt verifies.")
    fun finalizedWaiting(n: Int) = t("已定稿、待封包：$n 户", "Finalized, waiting to be sealed: ${count(n, "household", "households")}")
    val sealNow = t("立即封包", "Seal now")
    fun sealing(done: Int, total: Int) = t("正在封包：$done / $total 户", "Sealing: $done of $total households")
    fun batchesWaiting(batches: Int, households: Int) = t("待交接：$batches 个数据包，共 $households 户", "Waiting for hand-over: ${count(batches, "batch", "batches")}, ${count(households, "household", "households")}")
    val handOverAction = t("上传交接", "Hand over")
    val pauseUpload = t("暂停上传", "Pause upload")
    fun uploadingBatch(batch: Int, batches: Int) = t("正在上传第 $batch / $batches 个数据包", "Uploading batch $batch of $batches")
    val uploadPaused = t("上传已暂停，下次从断点接着传。", "The upload is paused; the next hand-over goes on from where it stopped.")
    val nothingToHandOver = t("没有待交接的数据包。", "No batch waits for hand-over.")
    val batchesTitle = t("数据包", "Batches")
    val noBatches = t("还没有数据包。先给已定稿的农户封包。", "No batches yet. Seal the finalized households first.")
    fun batchTitle(id: String) = t("数据包 $id", "Batch $id")
    fun batchState(state: BatchState): String = label("batch_state", state)
    fun sealedAt(at: String) = t("封包于 ${fmtTime(at)}", "Sealed ${fmtTime(at)}")
    fun batchSize(households: Int, bytes: Long?) = t("$households 户", count(households, "household", "households")) + (bytes?.let { " · " + fmtBytes(it) } ?: "")
    fun uploaded(done: Long, total: Long) = t("已上传 ${fmtBytes(done)} / ${fmtBytes(total)}（${percent(done, total)}%）", "${fmtBytes(done)} of ${fmtBytes(total)} uploaded (${percent(done, total)}%)")
    fun receipt(id: String, at: String?) = t("回执 $id", "Receipt $id") + (at?.let { t("，收于 ${fmtTime(it)}", ", received ${fmtTime(it)}") } ?: "")
    fun accepted(n: Int) = t("银行接收 $n 户", count(n, "household", "households") + " accepted by the bank")
    fun returnedCount(n: Int) = t("退回 $n 户，改正后重新定稿、封包：", "$n returned, to correct, finalize and seal again:")
    val reopenReturned = t("重新打开这一户", "Reopen this household")
    val reopenedReturned = t("已重新打开，改正后请重新定稿", "Reopened: correct it, then finalize again")
    fun purged(files: Int) = t("回执验证通过，本机已清除 $files 个文件", "Receipt verified: ${count(files, "file", "files")} destroyed on this device")
    /** The platform writes a refusal in English only: the zh line names it as the platform's words. */
    fun refusedBecause(reason: String) =
        t("银行拒收了这个数据包。数据包仍在本机，什么都没有删除。\n原因（平台原文）：$reason", "The bank refused the batch because: $reason\nIt stays on this device; nothing was deleted.")
    fun exportedAt(at: String) = t("拷出于 ${fmtTime(at)}，等银行回执", "Exported ${fmtTime(at)}; waiting for the bank's answer")
    val usbTitle = t("U 盘交接（没有网络时）", "USB hand-over (without a network)")
    val exportToUsb = t("拷到 U 盘", "Export to USB")
    val importAnswers = t("导入银行回执", "Import the bank's answers")
    fun exportedFiles(n: Int) = t("已写入 U 盘 $n 个文件", count(n, "file", "files") + " written to the USB drive")
    fun answersImported(n: Int) = if (n == 0) t("U 盘里没有银行回执", "No answers from the bank on the USB drive") else t("导入了 $n 份银行回执", count(n, "answer", "answers") + " from the bank imported")

    // 10 Village dashboard (the branch manager's)
    val villageDashboard = t("村情看板", "Village dashboard")
    val noVillages = t("还没有村。请先在走访清单导入花名册。", "No village yet. Import a roster in the work list first.")
    val creditHouseholdsLabel = t("授信户", "Credit households")
    fun ofHouseholds(part: Int, whole: Int) = t("$part / $whole 户", "$part of $whole")
    val coverageLabel = t("授信面（目标 80\u00A0%）", "Coverage (target 80\u00A0%)")
    val coverageMeaning = t("授信户 ÷ 符合条件的农户", "credit households ÷ eligible households")
    val noEligibleYet = t("还没有符合条件的农户", "No eligible household yet")
    val creditShareLabel = t("授信户占比", "Credit-household share")
    val creditShareMeaning = t("授信户 ÷ 全村户数", "credit households ÷ all households")
    val usageLabel = t("用信面（目标 30\u00A0%）", "Credit in use (target 30\u00A0%)")
    val noUsageFigures = t("已用信户 ÷ 授信户；放款数据在银行，本机没有。", "borrowers ÷ credit households; the loans are the bank's, not on this device")
    val proposedTotalLabel = t("拟授信总额", "Proposed total limit")
    fun evaluatedOf(evaluated: Int, households: Int) = t("已评定 $evaluated / $households 户", "$evaluated of $households evaluated")
    val target = t("目标", "Target")
    val verdictsTitle = t("评定结论", "Verdicts")
    val coverageTarget = t("授信面达到 80\u00A0%", "Coverage at 80\u00A0% or more")
    val creditVillageSeed001 = t("信用村：授信户占比 ≥\u00A070\u00A0%", "Credit village: credit households ≥\u00A070\u00A0%")
    val creditVillageSeed002 = t("信用村（另看贷款面、按期还款率、不良率）", "Credit village, with loan coverage, on-time repayment and NPL")
    val noLoanFigures = t("本机没有银行的贷款数据，这一项由银行判断。", "The bank's loan figures are not on this device: the bank judges this one.")
    fun verdict(verdict: Verdict): String = label("verdict", verdict)
    fun metOrNot(met: Boolean) = verdict(if (met) Verdict.PASS else Verdict.FAIL)
    val lendingTitle = t("放贷（熔断）", "Lending (circuit breaker)")
    fun lending(lending: Lending): String = label("lending", lending)
    val noNplFigure = t("熔断看不良贷款率，本机没有这个数据，由银行判断。", "The circuit breaker needs the NPL share, which is not on this device: the bank judges it.")
    val gradesTitle = t("信用等级分布", "Grades")
    val noGrades = t("还没有评定等级的农户", "No household graded yet")
    /** The scorecard's grade names; its lowest luquan grade is written "credit" in the definition. */
    fun gradeName(grade: String) = Labels.of("grade", grade)?.let { (zh, en) -> t(zh, en) } ?: grade
    val groupsTitle = t("各组进度", "Progress by group")
    val legendHouseholds = t("户数", "Households")
    val legendEvaluated = t("已评定", "Evaluated")
    val legendCredit = t("授信户", "Credit")
    fun groupFigures(households: Int, evaluated: Int, credit: Int) =
        t("$households 户 · 已评定 $evaluated · 授信 $credit", count(households, "household", "households") + " · $evaluated evaluated · $credit credit")
    fun householdCount(n: Int) = t("$n 户", count(n, "household", "households"))

    // 11 Public notice (公示)
    val publicNotice = t("公示名单", "Public notice")
    fun noticeHeader(village: String, n: Int) = t("$village · 授信户 $n 户", "$village · ${count(n, "credit household", "credit households")}")
    fun scorecardLine(scorecard: String, version: String) = t("评分卡 $scorecard（版本 $version）", "Scorecard $scorecard (version $version)")
    val noCreditHouseholds = t("这个村还没有授信户，没有可公示的名单。", "No credit household in this village yet: nothing to post.")
    val noticePeriodTitle = t("公示期", "Notice period")
    val startDate = t("开始日期", "Start date")
    val noticeDays = t("公示天数", "Days")
    fun periodLine(start: LocalDate, end: LocalDate, days: Long) =
        t("${fmtDate(start)}至${fmtDate(end)}（$days 天）", "${fmtDate(start)} to ${fmtDate(end)} ($days days)")
    val periodBadStart = t("开始日期请按 2026-12-03 的格式填写。", "Type the start date as 2026-12-03.")
    val periodBadDays = t("公示天数请填整数。", "Type the days as a whole number.")
    val periodTooShort = t("公示期不能少于 7 天，请改为 7 天或更长。", "A notice is posted for at least 7 days: make it 7 or more.")
    val objectionsTitle = t("异议受理", "Objections go to")
    val branchName = t("支行名称", "Branch")
    val telephone = t("电话", "Telephone")
    val contactSaved = t("已保存，以后的公示都用它。", "Saved; every notice uses it.")
    val contactInvalid = t("请填写支行名称和电话（数字，可带 - 或空格）。", "Enter the branch's name and a telephone (digits, with - or spaces).")
    val contactNeeded = t("先填写并保存异议受理的支行和电话，才能生成打印页。", "Save the branch and telephone for objections before making the page.")
    val makePage = t("生成打印页", "Make the printable page")
    val pageInChinese = t("打印页为中文，张贴在村里。", "The page is in Chinese, for posting in the village.")
    val writingPage = t("正在写入…", "Writing…")
    fun pageWritten(path: String) = t("公示页已写入：\n$path\n用浏览器打开即可打印。", "The notice page is written to:\n$path\nOpen it in a browser to print.")
    val columnIndex = t("序号", "No.")
    val columnGroup = t("组别", "Group")
    val columnHead = t("户主姓名", "Head")
    val columnId = t("身份证号", "ID number")
    val columnGrade = t("信用等级", "Grade")
    val columnLimit = t("拟授信额度（元）", "Proposed limit (yuan)")
    fun yuan(amount: Long) = t("%,d 元".format(amount), "%,d yuan".format(amount))
    val maskedNote = t("姓名和身份证号按规定隐去部分。", "Names and ID numbers are partly hidden, as the rules require.")
    fun noticeFileName(village: String, start: LocalDate) = t("公示-$village-$start.html", "notice-$village-$start.html")
    fun pageTitle(village: String) = t("$village 授信户公示", "$village: credit households, public notice")
    fun pageIntro(n: Int) = t(
        "经入户走访、信息采集和综合评定，以下 $n 户拟评定为授信户，现予公示。",
        "After the door-to-door visits, the facts and the scoring, the following ${count(n, "household is", "households are")} proposed as credit households.",
    )
    fun pageObjections(branch: String, telephone: String) =
        t("公示期内如有异议，请向${branch}反映，电话：$telephone。", "Objections during the notice period go to $branch, telephone $telephone.")
    fun fmtDate(date: LocalDate) = t("${date.year}年${date.monthValue}月${date.dayOfMonth}日", "${date.dayOfMonth} ${MONTHS[date.monthValue - 1]} ${date.year}")


    // 12 Credit review panel (授信评议, back to back)
    val reviewPanel = t("授信评议", "Review panel")
    val panelIntro = t("评议小组 5–7 人轮流使用平板，背靠背评议：每人先交自己的评议，之前看不到别人的。", "The panel's 5 to 7 members take the tablet in turn, back to back: each rates before seeing anyone else's rating.")
    fun panelVillage(village: String, n: Int) = t("$village · 待评议 $n 户", "$village · ${count(n, "household", "households")} to rate")
    val memberName = t("评议人姓名", "Your name")
    val memberSeat = t("席位", "Seat")
    fun role(role: PanelRole): String = label("role", role)
    val startRating = t("开始评议", "Start rating")
    val seatNeeded = t("请填写姓名并选择席位。", "Enter your name and choose your seat.")
    val alreadyRatedAll = t("这位评议人已经评过本村所有农户，每人只评一次。", "This member has already rated every household of the village; each member rates once.")
    fun ratingOf(n: Int, total: Int) = t("第 $n 户，共 $total 户", "Household $n of $total")
    fun householdLine(id: String, group: String, head: String) = t("$id · $group · 户主 $head", "$id · $group · head $head")
    val business = t("经营状况（1–5）", "Business (1 to 5)")
    val integrity = t("诚信程度（1–5）", "Integrity (1 to 5)")
    val estimatedIncome = t("估计年收入（元）", "Estimated yearly income (yuan)")
    val suggestedLimit = t("建议额度（元）", "Suggested limit (yuan)")
    val abstain = t("弃权（不给额度）", "Abstain (no limit)")
    val note = t("备注", "Note")
    val submitRating = t("提交本户评议", "Submit this rating")
    val limitNeeded = t("请填写建议额度，或选择弃权。", "Enter a suggested limit, or abstain.")
    val integrityNeeded = t("请选择诚信程度 1–5。", "Choose an integrity rating from 1 to 5.")
    val wholeYuan = t("金额请填整数元，例如 50000。", "Type amounts in whole yuan, e.g. 50000.")
    val seeResult = t("查看评议结果", "See the panel's result")
    val resultBeforeRating = t("先提交您自己对这一户的评议，才能看评议结果（背靠背）。", "Submit your own rating of this household first; only then is the panel's result shown (back to back).")
    val passTablet = t("请把平板交给下一位评议人", "Pass the tablet to the next member")
    fun membersDone(n: Int) = t("已有 $n 位评议人提交。", "${count(n, "member has", "members have")} submitted.")
    val nothingShown = t("上一位的评议已保存，这里不显示任何评议内容。", "The last member's ratings are saved; nothing of them is shown here.")
    val nextMember = t("下一位评议人开始", "Next member")
    val panelDone = t("评议结束（网格员）", "Panel done (grid manager)")
    val managerPassphrase = t("网格员密码", "Grid manager's passphrase")
    val showResults = t("查看结果", "Show the results")
    val passphraseWrong = t("密码不对，请网格员重新输入。", "That passphrase is not right: the grid manager types it again.")
    val panelResults = t("评议结果", "The panel's results")
    fun committeeLine(limit: Long?, ratings: Int, abstentions: Int) = t(
        "评议额度 ${limit?.let { yuan(it) } ?: "无"}（$ratings 人评议，$abstentions 人弃权）",
        "Panel limit ${limit?.let { yuan(it) } ?: "none"} (${count(ratings, "rating", "ratings")}, $abstentions abstained)",
    )
    val insufficientReviews = t("评议人数不足，请补充评议。", "Too few ratings: more members should rate.")
    val disputedReviews = t("评议意见分歧较大。", "The members disagree widely.")
    fun modelLine(model: Long, proposed: Long) = t("模型额度 ${yuan(model)} · 拟授信 ${yuan(proposed)}", "Model limit ${yuan(model)} · proposed ${yuan(proposed)}")
    fun gapLine(permille: Long) = t("相差 ${fmtPermille(permille)}", "Gap ${fmtPermille(permille)}")
    fun reconcile(flag: ReconcileFlag): String = label("reconcile", flag)
    val noModelLimit = t("这一户还没有模型额度，请先测算。", "No model limit for this household yet: run the estimate first.")
    val notRatedYet = t("还没有人评议这一户。", "Nobody has rated this household yet.")
    val chosenAmount = t("确定额度（元）", "Chosen amount (yuan)")
    val decide = t("确定额度", "Decide")
    fun decidedReason(reason: String) = t("原因：$reason", "Reason: $reason")

    // 13 Settings
    val settings = t("设置", "Settings")
    val settingsLocked = t("设置只对网格员开放，请输入密码。", "Settings are for the grid manager: type the passphrase.")
    val unlockSettings = t("打开设置", "Open settings")
    val scorecardTitle = t("评分卡", "Scorecard")
    val bankRecipients = t("银行接收密钥", "Bank's recipient keys")
    val platformKey = t("平台签名公钥", "Platform key")
    val deviceKey = t("本机设备密钥", "This device's key")
    val readOutFingerprint = t("请把指纹读给银行核对。", "Read the fingerprint out to the bank.")
    fun fingerprint(fp: String) = t("指纹 $fp", "Fingerprint $fp")
    val uploadAddress = t("上传地址", "Upload address")
    val notSet = t("未设置", "Not set")
    val noRecipients = t("还没有银行接收密钥，封包前必须设置。", "No recipient key yet: the bank's keys are needed before sealing.")
    val recipientsHint = t("每行一个 age1… 密钥", "One age1… key a line")
    val scorecardHint = t("内置评分卡 luquan 或 jinxiang，或粘贴银行下发的评分卡定义", "A built-in scorecard, luquan or jinxiang, or paste the bank's scorecard definition")
    val scorecardChangeApplies = t("换评分卡后的估算用新评分卡；已定稿的农户带着定稿时的评分交给银行。", "Estimates after the change use the new scorecard; finalized households go to the bank with the scoring they were finalized with.")
    val platformKeyHint = t("粘贴平台的 .pub 文本", "Paste the platform's .pub text")
    val addressHint = t("例如 https://cunxin.bank.example/uploads/", "E.g. https://cunxin.bank.example/uploads/")
    val settingSaved = t("已保存。", "Saved.")
    val languageTitle = t("语言", "Language")
    val textSizeTitle = t("字号", "Text size")
    val textNormal = t("标准", "Normal")
    val textLarge = t("大", "Large")
    /** Each language by its own name, so whoever reads only one of them can find it. */
    fun languageName(language: Language) = if (language == Language.ZH) "中文" else "English"
    val keptOnDevice = t("语言和字号只保存在本机应用里。", "Language and text size are kept in this app on this device.")

    /** English counts: 1 household, 2 households. */
    private fun count(n: Int, one: String, many: String) = "$n " + if (n == 1) one else many

    /** The platform writes its reasons as "中文 / English"; show the half in the screen's language. */
    fun bankReason(reason: String): String {
        val halves = reason.split(" / ", limit = 2)
        return if (halves.size == 2) t(halves[0], halves[1]) else reason
    }

    companion object {
        val ZH = Strings(Language.ZH)
        val EN = Strings(Language.EN)

        private val MONTHS = listOf("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

        /** 857 per mille → "85.7 %" (a no-break space, so the sign never wraps alone), rounded down as the core rounds. */
        fun fmtPermille(permille: Long): String = "${permille / 10}.${permille % 10}\u00A0%"

        /** 1,234,567 bytes → "1.2 MB"; below a megabyte in kB. */
        fun fmtBytes(bytes: Long): String = when {
            bytes >= 1_000_000 -> "%.1f MB".format(bytes / 1_000_000.0)
            bytes >= 1_000 -> "%.0f kB".format(bytes / 1_000.0)
            else -> "$bytes B"
        }

        /** The core's ISO date-times to the minute: 2026-11-22T10:32:05+08:00 → 2026-11-22 10:32. */
        fun fmtTime(at: String): String = if (at.length >= 16 && at[10] == 'T') at.take(16).replace('T', ' ') else at

        /** Whole percent, rounded down so 100% means all of it. */
        fun percent(done: Long, total: Long): Long = if (total <= 0) 100 else done * 100 / total

        private fun fmt(n: Double): String = if (n == Math.floor(n)) n.toLong().toString() else "%.1f".format(n)

        /** 50,000 yuan → 5; 35,000 → 3.5; 12,345 → 1.23. */
        fun fmtWan(yuan: Long): String {
            val wan = yuan / 10_000.0
            return when {
                yuan % 10_000 == 0L -> (yuan / 10_000).toString()
                yuan % 1_000 == 0L -> "%.1f".format(wan)
                else -> "%.2f".format(wan)
            }
        }
    }
}
