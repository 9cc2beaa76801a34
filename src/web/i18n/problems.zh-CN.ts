/** Field error codes (contract/errors.ts fieldErrorCodes) in Chinese; `{name}` is a parameter. */
import type { FieldErrorCode } from '../../contract/errors.js';

export const fieldErrorTextZh: Record<FieldErrorCode, string> = {
  required: '必填',
  invalid_type: '类型不正确',
  too_small: '不能少于 {minimum}',
  too_big: '不能超过 {maximum}',
  invalid_format: '格式不正确',
  invalid_value: '只能是以下之一：{values}',
  unknown_field: '不是可识别的字段',
  control_characters: '不能包含控制字符',
  invalid_unicode: '含有无效的字符',
  invalid_utf8: '不是有效的 UTF-8 文本',
  blank_name: '不能只由不可见字符组成',
  direction_override: '不能包含改变文字方向的控制字符',
  dangling_reference: '引用的记录不存在',
  duplicate: '已被其他记录使用',
  not_allowed_value: '取值不被允许',
  invalid: '不符合要求',
  file_type_refused: '不接受 {type} 类型的文件；可以上传 PDF、图片、Office 文档和纯文本',
  markup_refused: '不接受 HTML、SVG 和 XML 文件',
  file_type_unknown: '无法从内容识别文件类型；可以上传 PDF、图片、Office 文档和纯文本',
  file_too_large: '文件超过了上传上限',
  unknown_industry: '不是 GB/T 4754—2017 国民经济行业分类中的行业代码',
};
