"""The report's fixed texts in each language it is written in (Qt-free: the report is made headless too)."""

from __future__ import annotations

from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

LANGUAGES = ("en", "zh_CN")  # English is the source language; Chinese as the lecture is written

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Training report", "run": "Run", "folder": "Folder", "status": "Status",
        "settings": "Configuration", "setting": "Setting", "value": "Value",
        "results": "Results", "test_acc": "Test accuracy", "test_loss": "Test loss", "val_acc": "Validation accuracy",
        "epochs_done": "Epochs trained", "train_seconds": "Training time (s)", "book": "The book's result",
        "book_none": "This run is not one of the chapter's networks, so the book has no number for it.",
        "book_line": "Section {section}: {acc} test accuracy", "curves": "Curves", "epoch": "epoch",
        "loss": "loss", "accuracy": "accuracy", "train": "train", "validation": "validation",
        "per_class": "Per-class accuracy", "class": "Class", "images": "Test images", "right": "Right",
        "confusion": "Confusion matrix", "confusion_note": "Rows: true class; columns: predicted class.",
        "true": "true", "predicted": "predicted", "mistakes": "Misclassified test images",
        "mistakes_note": "The most confident mistakes first, titled prediction (truth); {shown} of {wrong} shown.",
        "mistakes_none": "Every test image was classified correctly.", "kernels": "First-layer kernels",
        "kernels_note": "{layer}: {count} kernels of {size}, each scaled to its own range.",
        "kernels_none": "This model has no convolution layer, so it has no kernels to show.",
        "made": "Made by cnnlab {version} on {date}.",
    },
    "zh_CN": {
        "title": "训练报告", "run": "运行", "folder": "文件夹", "status": "状态",
        "settings": "配置", "setting": "设置", "value": "值",
        "results": "结果", "test_acc": "测试准确率", "test_loss": "测试损失", "val_acc": "验证准确率",
        "epochs_done": "已训练轮数", "train_seconds": "训练时间（秒）", "book": "书中的结果",
        "book_none": "本次运行不是本章的网络，书中没有对应的数字。",
        "book_line": "第 {section} 节：测试准确率 {acc}", "curves": "曲线", "epoch": "轮",
        "loss": "损失", "accuracy": "准确率", "train": "训练", "validation": "验证",
        "per_class": "各类别准确率", "class": "类别", "images": "测试图像", "right": "正确",
        "confusion": "混淆矩阵", "confusion_note": "行：真实类别；列：预测类别。",
        "true": "真实", "predicted": "预测", "mistakes": "分错的测试图像",
        "mistakes_note": "最有把握的错误排在前面，标题为 预测（真实）；显示 {wrong} 张中的 {shown} 张。",
        "mistakes_none": "所有测试图像都分对了。", "kernels": "第一层卷积核",
        "kernels_note": "{layer}：{count} 个 {size} 的卷积核，各自按自己的范围缩放。",
        "kernels_none": "这个模型没有卷积层，因此没有卷积核可显示。",
        "made": "由 cnnlab {version} 于 {date} 生成。",
    },
}


def texts(lang: str) -> dict[str, str]:
    """The table of ``lang``; an unknown language is one sentence."""
    if lang not in TEXTS:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Reports are written in {names}, not {lang}."),
                        names=' or '.join(LANGUAGES), lang=repr(lang))
    return TEXTS[lang]
